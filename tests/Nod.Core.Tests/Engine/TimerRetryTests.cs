using Nod.Core.Tests.Infrastructure;
using Nod.Engine;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Core.Tests.Engine;

/// <summary>An expiry or a due task whose commit fails is tried again shortly, never lost until a restart.</summary>
public sealed class TimerRetryTests
{
    [Fact]
    public async Task DecisionExpiry_CommitFailsOnce_ExpiresOnTheRetry()
    {
        var store = new FailingStore(set => set.Decisions.Any(d => d.Decision.Status == DecisionStatus.Expired));
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var stream = await user.SubscribeAsync().Within();
        var pending = await agent.RequestDecisionAsync(new DecisionEvent { Title = "Go?", Description = "", Kind = "approval", ExpiresInS = 60 }).Within();

        host.Time.Advance(TimeSpan.FromSeconds(60));
        await host.SyncAsync();
        Assert.Equal(1, store.Refused);
        Assert.False(pending.Resolution.IsCompleted);

        host.Time.Advance(NodEngine.TimerRetryDelay);
        var resolved = await pending.Resolution.Within();
        Assert.Equal(DecisionStatus.Expired, resolved.Status);
    }

    [Fact]
    public async Task TaskDue_CommitFailsOnce_TheRunIsCreatedOnTheRetry()
    {
        var store = new FailingStore(set => set.Runs.Count > 0);
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await using var updates = agent.SubscribeUpdates();
        var task = await user.CreateTaskAsync(agent.AgentId, new CreateTaskRequest { Name = "n", Prompt = "p", Schedule = "0 10 * * *" }).Within();

        host.Time.Advance(TimeSpan.FromMinutes(30));
        await host.SyncAsync();
        Assert.Equal(1, store.Refused);

        host.Time.Advance(NodEngine.TimerRetryDelay);
        var due = await updates.NextAsync<TaskDueFrame>();
        Assert.Equal(task.Id, due.TaskId);
    }

    [Fact]
    public async Task IndicatorTimeout_CommitFailsOnce_ClearsOnTheRetry()
    {
        var store = new FailingStore(set => set.PendingEvents.Any(e => e.Frame is IndicatorChangedFrame { Reason: IndicatorReason.Timeout }));
        await using var host = await NodTestHost.StartAsync(services: store.Register);
        var (user, agent, _) = await host.UserWithAgentAsync();
        await agent.HeartbeatAsync("working").Within();

        host.Time.Advance(TimeSpan.FromSeconds(5));
        await host.SyncAsync();
        Assert.Equal(1, store.Refused);
        Assert.Single(user.GetIndicators());

        host.Time.Advance(NodEngine.TimerRetryDelay);
        await host.SyncAsync();
        Assert.Empty(user.GetIndicators());
    }
}
