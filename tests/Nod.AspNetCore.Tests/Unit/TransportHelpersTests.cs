using System.Text;
using Nod.AspNetCore.Internal;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>Small transport rules: close reasons fit the frame, Content-Type decisions, option validation messages.</summary>
public sealed class TransportHelpersTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(123)]
    [InlineData(500)]
    public void CloseReason_AnyLength_FitsIn123Utf8Bytes(int length)
    {
        var reason = AgentCloseCodes.Reason(new string('é', length));

        Assert.True(Encoding.UTF8.GetByteCount(reason) <= 123);
        Assert.StartsWith("éé", reason);
    }

    [Fact]
    public void CloseReason_Emoji_IsNotCutInsideASurrogatePair()
    {
        var reason = AgentCloseCodes.Reason(string.Concat(Enumerable.Repeat("😀", 100)));

        Assert.True(Encoding.UTF8.GetByteCount(reason) <= 123);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(reason)));
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("APPLICATION/JSON; charset=UTF-8", true)]
    [InlineData("application/json; charset=utf8", true)]
    [InlineData("application/json; charset=\"UTF-8\"", true)]
    [InlineData("application/json; charset=\"utf-16\"", false)]
    [InlineData("application/problem+json", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("text/json", false)]
    [InlineData("text/plain", false)]
    [InlineData("application/json; charset=utf-16", false)]
    [InlineData("not a media type at all", false)]
    public void JsonContentType_Decides(string? contentType, bool acceptable)
    {
        Assert.Equal(acceptable, JsonContentType.IsAcceptable(contentType, out var detail));
        Assert.Equal(acceptable, detail.Length == 0);
    }

    [Fact]
    public void OptionsValidator_EveryFailure_NamesItsOption()
    {
        var result = new NodHttpOptionsValidator().Validate(null, new NodHttpOptions
        {
            MaxRequestBodySize = 0,
            MaxWebSocketMessageSize = 0,
            RateLimitPerSecond = 0,
            RateLimitBurst = 0,
            WebSocketAuthTimeout = TimeSpan.Zero,
            WebSocketKeepAliveInterval = TimeSpan.FromSeconds(30),
            WebSocketIdleTimeout = TimeSpan.FromSeconds(30),
            MaxLongPollWait = TimeSpan.FromSeconds(-1),
        });

        Assert.True(result.Failed);
        foreach (var option in new[] { "MaxRequestBodySize", "MaxWebSocketMessageSize", "RateLimitPerSecond", "RateLimitBurst", "WebSocketAuthTimeout", "WebSocketIdleTimeout", "MaxLongPollWait" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith($"NodHttpOptions.{option} ", StringComparison.Ordinal));
        }
    }
}
