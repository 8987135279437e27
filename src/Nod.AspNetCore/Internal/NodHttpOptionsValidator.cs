using Microsoft.Extensions.Options;

namespace Nod.AspNetCore.Internal;

/// <summary>Refuses impossible <see cref="NodHttpOptions"/> at start-up, naming the option.</summary>
internal sealed partial class NodHttpOptionsValidator : IValidateOptions<NodHttpOptions>
{
    /// <summary>The longest transport duration: the timers and delays that arm them wait at most ~49.7 days.</summary>
    internal static readonly TimeSpan MaxDuration = TimeSpan.FromDays(49);

    public ValidateOptionsResult Validate(string? name, NodHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Positive(int value, string option)
        {
            if (value < 1)
            {
                failures.Add($"NodHttpOptions.{option} must be at least 1 (was {value}).");
            }
        }

        void PositiveTime(TimeSpan value, string option)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"NodHttpOptions.{option} must be positive (was {value}).");
            }
            else if (value > MaxDuration)
            {
                failures.Add($"NodHttpOptions.{option} must be at most {MaxDuration.TotalDays:0} days (was {value}).");
            }
        }

        Positive(options.MaxRequestBodySize, nameof(NodHttpOptions.MaxRequestBodySize));
        Positive(options.MaxWebSocketMessageSize, nameof(NodHttpOptions.MaxWebSocketMessageSize));
        Positive(options.RateLimitPerSecond, nameof(NodHttpOptions.RateLimitPerSecond));
        Positive(options.RateLimitBurst, nameof(NodHttpOptions.RateLimitBurst));
        PositiveTime(options.WebSocketAuthTimeout, nameof(NodHttpOptions.WebSocketAuthTimeout));
        PositiveTime(options.WebSocketKeepAliveInterval, nameof(NodHttpOptions.WebSocketKeepAliveInterval));
        PositiveTime(options.WebSocketIdleTimeout, nameof(NodHttpOptions.WebSocketIdleTimeout));
        if (options.WebSocketKeepAliveInterval > TimeSpan.Zero && options.WebSocketIdleTimeout <= options.WebSocketKeepAliveInterval)
        {
            failures.Add(
                $"NodHttpOptions.{nameof(NodHttpOptions.WebSocketIdleTimeout)} must be longer than " +
                $"{nameof(NodHttpOptions.WebSocketKeepAliveInterval)} (was {options.WebSocketIdleTimeout}, keep-alive {options.WebSocketKeepAliveInterval}).");
        }

        if (options.MaxLongPollWait < TimeSpan.Zero || options.MaxLongPollWait > MaxDuration)
        {
            failures.Add(
                $"NodHttpOptions.{nameof(NodHttpOptions.MaxLongPollWait)} must be zero or more and at most {MaxDuration.TotalDays:0} days (was {options.MaxLongPollWait}).");
        }

        ValidateApp(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
