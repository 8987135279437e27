using Microsoft.Extensions.Options;
using Nod.Core.Tests.Infrastructure;

namespace Nod.Core.Tests.Hosting;

/// <summary>
/// A duration too long to add to a timestamp or to arm a timer with (e.g. <see cref="TimeSpan.MaxValue"/> meant as
/// "never") fails at start-up naming the option, instead of passing and then failing every heartbeat, run or attempt.
/// So does an id length the stores' index keys cannot hold.
/// </summary>
public sealed class OptionsUpperBoundTests
{
    public static TheoryData<string> Durations() =>
    [
        nameof(NodOptions.HeartbeatTimeout), nameof(NodOptions.ProcessingTimeout), nameof(NodOptions.TaskRunTimeout),
        nameof(NodOptions.IdempotencyWindow), "Webhooks.AttemptTimeout", "Webhooks.MaxRetryAfter", "Webhooks.RetryDelays[0]",
    ];

    [Theory]
    [MemberData(nameof(Durations))]
    public async Task Duration_TimeSpanMaxValue_FailsAtStartNamingTheOption(string option)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodTestHost.StartAsync(o => Set(o, option, TimeSpan.MaxValue)));

        Assert.Contains($"NodOptions.{option} must be at most", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttemptTimeout_LongerThanATimerCanWait_FailsAtStart()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodTestHost.StartAsync(o => o.Webhooks.AttemptTimeout = TimeSpan.FromDays(60)));

        Assert.Contains("NodOptions.Webhooks.AttemptTimeout must be at most", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(167)]
    [InlineData(1_000)]
    [InlineData(int.MaxValue)]
    public async Task MaxIdLength_AboveWhatIndexKeysHold_FailsAtStartNamingTheOptionAndTheBound(int maxIdLength)
    {
        // Such ids would be refused late, by the store, when a write puts them in an index key.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodTestHost.StartAsync(o => o.Limits.MaxIdLength = maxIdLength));

        Assert.Contains($"NodOptions.Limits.MaxIdLength must be at most 166 (was {maxIdLength})", error.Message, StringComparison.Ordinal);
        Assert.Contains("1,023 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxIdLength_AtTheBound_IsAccepted()
    {
        await using var host = await NodTestHost.StartAsync(o => o.Limits.MaxIdLength = NodLimits.LargestMaxIdLength);
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using (agent)
        {
            await agent.HeartbeatAsync("working").Within();
        }
    }

    [Fact]
    public async Task LongButRepresentableDurations_AreAccepted()
    {
        await using var host = await NodTestHost.StartAsync(o =>
        {
            o.TaskRunTimeout = TimeSpan.FromDays(365);
            o.IdempotencyWindow = TimeSpan.FromDays(365);
            o.Webhooks.AttemptTimeout = TimeSpan.FromDays(1);
        });
        var (_, agent, _) = await host.UserWithAgentAsync();
        await using (agent)
        {
            await agent.HeartbeatAsync("working").Within();
        }
    }

    private static void Set(NodOptions options, string option, TimeSpan value)
    {
        switch (option)
        {
            case nameof(NodOptions.HeartbeatTimeout): options.HeartbeatTimeout = value; break;
            case nameof(NodOptions.ProcessingTimeout): options.ProcessingTimeout = value; break;
            case nameof(NodOptions.TaskRunTimeout): options.TaskRunTimeout = value; break;
            case nameof(NodOptions.IdempotencyWindow): options.IdempotencyWindow = value; break;
            case "Webhooks.AttemptTimeout": options.Webhooks.AttemptTimeout = value; break;
            case "Webhooks.MaxRetryAfter": options.Webhooks.MaxRetryAfter = value; break;
            case "Webhooks.RetryDelays[0]": options.Webhooks.RetryDelays[0] = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(option));
        }
    }
}
