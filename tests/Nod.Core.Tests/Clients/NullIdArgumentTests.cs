using Nod.Core.Tests.Engine;
using Nod.Core.Tests.Infrastructure;
using Nod.Model;

namespace Nod.Core.Tests.Clients;

/// <summary>
/// A null id passed to a client is refused at the call with an <see cref="ArgumentNullException"/> naming the parameter,
/// before anything reaches the engine (an empty or unknown id still answers 404, as over HTTP).
/// </summary>
public sealed class NullIdArgumentTests
{
    public static TheoryData<string, string> UserCalls() => new()
    {
        { nameof(NodUserClient.GetAgentAsync), "agentId" },
        { nameof(NodUserClient.UpdateAgentAsync), "agentId" },
        { nameof(NodUserClient.DeleteAgentAsync), "agentId" },
        { nameof(NodUserClient.RotateSecretAsync), "agentId" },
        { nameof(NodUserClient.RotateWebhookSecretAsync), "agentId" },
        { nameof(NodUserClient.ShareAgentAsync), "agentId" },
        { nameof(NodUserClient.ShareAgentAsync) + "/other", "otherUserId" },
        { nameof(NodUserClient.UnshareAgentAsync), "agentId" },
        { nameof(NodUserClient.UnshareAgentAsync) + "/other", "otherUserId" },
        { nameof(NodUserClient.GetConversationsAsync), "agentId" },
        { nameof(NodUserClient.CreateConversationAsync), "agentId" },
        { nameof(NodUserClient.GetConversationAsync), "conversationId" },
        { nameof(NodUserClient.GetMessagesAsync), "conversationId" },
        { nameof(NodUserClient.SendMessageAsync), "conversationId" },
        { nameof(NodUserClient.GetDecisionAsync), "decisionId" },
        { nameof(NodUserClient.ResolveDecisionAsync), "decisionId" },
        { nameof(NodUserClient.ApproveAsync), "decisionId" },
        { nameof(NodUserClient.DismissAsync), "decisionId" },
        { nameof(NodUserClient.GetRulesAsync), "agentId" },
        { nameof(NodUserClient.AddRuleAsync), "agentId" },
        { nameof(NodUserClient.RevokeRuleAsync), "agentId" },
        { nameof(NodUserClient.RevokeRuleAsync) + "/rule", "ruleId" },
        { nameof(NodUserClient.GetTasksAsync), "agentId" },
        { nameof(NodUserClient.GetTaskAsync), "taskId" },
        { nameof(NodUserClient.CreateTaskAsync), "agentId" },
        { nameof(NodUserClient.UpdateTaskAsync), "taskId" },
        { nameof(NodUserClient.EnableTaskAsync), "taskId" },
        { nameof(NodUserClient.DeleteTaskAsync), "taskId" },
        { nameof(NodUserClient.RunTaskNowAsync), "taskId" },
        { nameof(NodUserClient.GetRunsAsync), "taskId" },
        { nameof(NodUserClient.GetDeliveriesAsync), "agentId" },
        { nameof(NodUserClient.RedeliverAsync), "agentId" },
        { nameof(NodUserClient.RedeliverAsync) + "/event", "eventId" },
    };

    public static TheoryData<string, string> AgentCalls() => new()
    {
        { nameof(NodAgentClient.GetDecisionAsync), "decisionId" },
        { nameof(NodAgentClient.CancelDecisionAsync), "decisionId" },
        { nameof(NodAgentClient.WaitForResolutionAsync), "decisionId" },
        { nameof(NodAgentClient.StartRunAsync), "taskId" },
        { nameof(NodAgentClient.CompleteRunAsync), "runId" },
    };

    [Theory]
    [MemberData(nameof(UserCalls))]
    public async Task UserClient_NullId_ArgumentNullExceptionNamingIt(string call, string parameter)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, _, credentials) = await host.UserWithAgentAsync();
        var agentId = credentials.AgentId;
        Func<Task> act = call switch
        {
            nameof(NodUserClient.GetAgentAsync) => () => user.GetAgentAsync(null!),
            nameof(NodUserClient.UpdateAgentAsync) => () => user.UpdateAgentAsync(null!, new UpdateAgentRequest { Name = "B" }),
            nameof(NodUserClient.DeleteAgentAsync) => () => user.DeleteAgentAsync(null!),
            nameof(NodUserClient.RotateSecretAsync) => () => user.RotateSecretAsync(null!),
            nameof(NodUserClient.RotateWebhookSecretAsync) => () => user.RotateWebhookSecretAsync(null!),
            nameof(NodUserClient.ShareAgentAsync) => () => user.ShareAgentAsync(null!, "bob"),
            nameof(NodUserClient.ShareAgentAsync) + "/other" => () => user.ShareAgentAsync(agentId, null!),
            nameof(NodUserClient.UnshareAgentAsync) => () => user.UnshareAgentAsync(null!, "bob"),
            nameof(NodUserClient.UnshareAgentAsync) + "/other" => () => user.UnshareAgentAsync(agentId, null!),
            nameof(NodUserClient.GetConversationsAsync) => () => user.GetConversationsAsync(null!),
            nameof(NodUserClient.CreateConversationAsync) => () => user.CreateConversationAsync(null!),
            nameof(NodUserClient.GetConversationAsync) => () => user.GetConversationAsync(null!),
            nameof(NodUserClient.GetMessagesAsync) => () => user.GetMessagesAsync(null!),
            nameof(NodUserClient.SendMessageAsync) => () => user.SendMessageAsync(null!, "hi"),
            nameof(NodUserClient.GetDecisionAsync) => () => user.GetDecisionAsync(null!),
            nameof(NodUserClient.ResolveDecisionAsync) => () => user.ResolveDecisionAsync(null!, new ResolveDecisionRequest { Status = DecisionStatus.Dismissed }),
            nameof(NodUserClient.ApproveAsync) => () => user.ApproveAsync(null!),
            nameof(NodUserClient.DismissAsync) => () => user.DismissAsync(null!),
            nameof(NodUserClient.GetRulesAsync) => () => user.GetRulesAsync(null!),
            nameof(NodUserClient.AddRuleAsync) => () => user.AddRuleAsync(null!, new AddRuleRequest { Pattern = "x" }),
            nameof(NodUserClient.RevokeRuleAsync) => () => user.RevokeRuleAsync(null!, "rul_1"),
            nameof(NodUserClient.RevokeRuleAsync) + "/rule" => () => user.RevokeRuleAsync(agentId, null!),
            nameof(NodUserClient.GetTasksAsync) => () => user.GetTasksAsync(null!),
            nameof(NodUserClient.GetTaskAsync) => () => user.GetTaskAsync(null!),
            nameof(NodUserClient.CreateTaskAsync) => () => user.CreateTaskAsync(null!, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }),
            nameof(NodUserClient.UpdateTaskAsync) => () => user.UpdateTaskAsync(null!, new UpdateTaskRequest { Name = "n" }),
            nameof(NodUserClient.EnableTaskAsync) => () => user.EnableTaskAsync(null!),
            nameof(NodUserClient.DeleteTaskAsync) => () => user.DeleteTaskAsync(null!),
            nameof(NodUserClient.RunTaskNowAsync) => () => user.RunTaskNowAsync(null!),
            nameof(NodUserClient.GetRunsAsync) => () => user.GetRunsAsync(null!),
            nameof(NodUserClient.GetDeliveriesAsync) => () => user.GetDeliveriesAsync(null!),
            nameof(NodUserClient.RedeliverAsync) => () => user.RedeliverAsync(null!, "evt_1"),
            nameof(NodUserClient.RedeliverAsync) + "/event" => () => user.RedeliverAsync(agentId, null!),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        var error = Assert.IsType<ArgumentNullException>(await EngineTestKit.Record(act));
        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [MemberData(nameof(AgentCalls))]
    public async Task AgentClient_NullId_ArgumentNullExceptionNamingIt(string call, string parameter)
    {
        await using var host = await NodTestHost.StartAsync();
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using (agent)
        {
            Func<Task> act = call switch
            {
                nameof(NodAgentClient.GetDecisionAsync) => () => agent.GetDecisionAsync(null!),
                nameof(NodAgentClient.CancelDecisionAsync) => () => agent.CancelDecisionAsync(null!),
                nameof(NodAgentClient.WaitForResolutionAsync) => () => agent.WaitForResolutionAsync(null!),
                nameof(NodAgentClient.StartRunAsync) => () => agent.StartRunAsync(null!),
                nameof(NodAgentClient.CompleteRunAsync) => () => agent.CompleteRunAsync(null!, new CompleteRunRequest()),
                _ => throw new ArgumentOutOfRangeException(nameof(call)),
            };

            var error = Assert.IsType<ArgumentNullException>(await EngineTestKit.Record(act));
            Assert.Equal(parameter, error.ParamName);
        }
    }

    [Fact]
    public async Task EmptyId_StillAnswersNotFound_AsOverHttp()
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using (agent)
        {
            await EngineTestKit.FailsWith(NodErrorKind.NotFound, () => user.GetAgentAsync(string.Empty));
            await EngineTestKit.FailsWith(NodErrorKind.NotFound, () => agent.GetDecisionAsync(string.Empty));
        }
    }
}
