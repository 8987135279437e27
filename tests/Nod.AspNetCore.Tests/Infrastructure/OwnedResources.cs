using Nod.Model;
using Nod.Protocol;

namespace Nod.AspNetCore.Tests.Infrastructure;

/// <summary>
/// One of everything a user can own, made in process: an interactive agent (connected), its default conversation
/// with a message, a pending decision in it, a deny rule, a scheduled task and a share with a third user.
/// </summary>
public sealed class OwnedResources : IAsyncDisposable
{
    public required string OwnerId { get; init; }

    public required NodUserClient Owner { get; init; }

    public required AgentCredentials Agent { get; init; }

    public required NodAgentClient AgentClient { get; init; }

    public required string ConversationId { get; init; }

    public required string MessageId { get; init; }

    public required string DecisionId { get; init; }

    public required string RuleId { get; init; }

    public required string TaskId { get; init; }

    public required string SharedWithUserId { get; init; }

    public string AgentId => Agent.AgentId;

    /// <summary>A fresh user id, so tests sharing a host never see each other's agents.</summary>
    public static string NewUser(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    public static async Task<OwnedResources> CreateAsync(NodWebHost host, string ownerId)
    {
        var owner = host.Nod.ForUser(ownerId, TestAuthentication.DisplayName(ownerId));
        var agent = await owner.CreateAgentAsync(new CreateAgentRequest { Name = "Owned agent" }).Within();
        var client = await host.Nod.ConnectAgentAsync(agent.AgentId, agent.Secret).Within();
        var conversationId = client.DefaultConversationId!;
        var message = await owner.SendMessageAsync(conversationId, "hello").Within();
        var decision = await client.RequestDecisionAsync(new DecisionEvent
        {
            Title = "Deploy?", Description = "All green", Kind = "approval", ConversationId = conversationId,
        }).Within();
        var rule = await owner.AddRuleAsync(agent.AgentId, new AddRuleRequest { Pattern = "Bash(rm *)", Effect = RuleEffect.Deny }).Within();
        var task = await owner.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "Report", Prompt = "Write it", Schedule = "0 9 * * *" }).Within();
        var sharedWith = NewUser("carol");
        await owner.ShareAgentAsync(agent.AgentId, sharedWith).Within();
        return new OwnedResources
        {
            OwnerId = ownerId,
            Owner = owner,
            Agent = agent,
            AgentClient = client,
            ConversationId = conversationId,
            MessageId = message.Id,
            DecisionId = decision.Id,
            RuleId = rule.Id,
            TaskId = task.Id,
            SharedWithUserId = sharedWith,
        };
    }

    public ValueTask DisposeAsync() => AgentClient.DisposeAsync();
}
