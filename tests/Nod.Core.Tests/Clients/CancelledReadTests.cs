using Nod.Core.Tests.Engine;
using Nod.Core.Tests.Infrastructure;

namespace Nod.Core.Tests.Clients;

/// <summary>A read given an already cancelled token is cancelled, like every write, rather than answering anyway.</summary>
public sealed class CancelledReadTests
{
    public static TheoryData<string> Reads() =>
    [
        "user.GetAgentsAsync", "user.GetAgentAsync", "user.GetConversationsAsync", "user.GetConversationAsync", "user.GetMessagesAsync",
        "user.GetDecisionsAsync", "user.GetDecisionAsync", "user.GetRulesAsync", "user.GetActivityAsync", "user.GetTasksAsync",
        "user.GetTaskAsync", "user.GetRunsAsync", "user.GetDeliveriesAsync",
        "agent.GetDecisionAsync", "agent.GetTasksAsync", "agent.GetDueTasksAsync", "agent.GetPendingTriggersAsync",
        "agent.GetLatestSeqAsync", "agent.GetUpdatesAsync",
    ];

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_WithACancelledToken_IsCancelled(string read)
    {
        await using var host = await NodTestHost.StartAsync();
        var (user, agent, credentials) = await host.UserWithAgentAsync();
        await using (agent)
        {
            var agentId = credentials.AgentId;
            var decision = await agent.RequestDecisionAsync(EngineTestKit.Approval()).Within();
            var task = await user.CreateTaskAsync(agentId, new Model.CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "event" }).Within();
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            var token = cancelled.Token;

            Func<Task> call = read switch
            {
                "user.GetAgentsAsync" => () => user.GetAgentsAsync(token),
                "user.GetAgentAsync" => () => user.GetAgentAsync(agentId, token),
                "user.GetConversationsAsync" => () => user.GetConversationsAsync(agentId, token),
                "user.GetConversationAsync" => () => user.GetConversationAsync(agent.DefaultConversationId!, token),
                "user.GetMessagesAsync" => () => user.GetMessagesAsync(agent.DefaultConversationId!, cancellationToken: token),
                "user.GetDecisionsAsync" => () => user.GetDecisionsAsync(cancellationToken: token),
                "user.GetDecisionAsync" => () => user.GetDecisionAsync(decision.Id, token),
                "user.GetRulesAsync" => () => user.GetRulesAsync(agentId, token),
                "user.GetActivityAsync" => () => user.GetActivityAsync(cancellationToken: token),
                "user.GetTasksAsync" => () => user.GetTasksAsync(agentId, token),
                "user.GetTaskAsync" => () => user.GetTaskAsync(task.Id, token),
                "user.GetRunsAsync" => () => user.GetRunsAsync(task.Id, cancellationToken: token),
                "user.GetDeliveriesAsync" => () => user.GetDeliveriesAsync(agentId, cancellationToken: token),
                "agent.GetDecisionAsync" => () => agent.GetDecisionAsync(decision.Id, token),
                "agent.GetTasksAsync" => () => agent.GetTasksAsync(token),
                "agent.GetDueTasksAsync" => () => agent.GetDueTasksAsync(token),
                "agent.GetPendingTriggersAsync" => () => agent.GetPendingTriggersAsync(token),
                "agent.GetLatestSeqAsync" => () => agent.GetLatestSeqAsync(token),
                "agent.GetUpdatesAsync" => () => agent.GetUpdatesAsync(cancellationToken: token),
                _ => throw new ArgumentOutOfRangeException(nameof(read)),
            };

            var error = Assert.IsAssignableFrom<OperationCanceledException>(await EngineTestKit.Record(call));
            Assert.Equal(token, error.CancellationToken);
        }
    }
}
