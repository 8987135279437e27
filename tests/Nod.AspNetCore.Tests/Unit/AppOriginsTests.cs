using Microsoft.AspNetCore.Http;
using Nod.AspNetCore.Internal;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>Which Origin may open <c>/ws/app</c>: the request's own host (ports by scheme), the configured list, nothing else.</summary>
public sealed class AppOriginsTests
{
    [Theory]
    [InlineData("example.com", "https://example.com", true)]
    [InlineData("example.com", "http://example.com", true)]
    [InlineData("EXAMPLE.com", "https://example.COM", true)]
    [InlineData("example.com:443", "https://example.com", true)]
    [InlineData("example.com:8443", "https://example.com:8443", true)]
    [InlineData("127.0.0.1:5080", "http://127.0.0.1:5080", true)]
    [InlineData("[::1]:5080", "http://[::1]:5080", true)]
    [InlineData("example.com:8443", "https://example.com", false)]
    [InlineData("example.com", "https://example.com:8443", false)]
    [InlineData("example.com", "https://evil.example.com", false)]
    [InlineData("example.com", "https://example.com.evil.io", false)]
    [InlineData("127.0.0.1:5080", "http://localhost:5080", false)]
    [InlineData("example.com", "null", false)]
    [InlineData("example.com", "https://example.com/path", false)]
    [InlineData("example.com", "ws://example.com", false)]
    public void IsAllowed_SameHostRule_ComparesHostAndEffectivePort(string host, string origin, bool allowed)
    {
        var request = Request(host, origin);

        Assert.Equal(allowed, new AppOrigins([]).IsAllowed(request, out _));
    }

    [Fact]
    public void IsAllowed_NoOrigin_IsANonBrowserClientAndAllowed()
    {
        Assert.True(new AppOrigins([]).IsAllowed(Request("example.com", null), out var origin));
        Assert.Null(origin);
    }

    [Fact]
    public void IsAllowed_TwoOriginHeaders_IsRefused()
    {
        var request = Request("example.com", null);
        request.Headers.Origin = new(["https://example.com", "https://example.com"]);

        Assert.False(new AppOrigins([]).IsAllowed(request, out _));
    }

    [Fact]
    public void IsAllowed_ConfiguredOrigins_AreNormalized()
    {
        var origins = new AppOrigins(["HTTPS://App.Example.com/", "http://localhost:3000"]);

        Assert.True(origins.IsAllowed(Request("api.example.com", "https://app.example.com"), out _));
        Assert.True(origins.IsAllowed(Request("api.example.com", "https://app.example.com:443"), out _));
        Assert.True(origins.IsAllowed(Request("api.example.com", "http://localhost:3000"), out _));
        Assert.False(origins.IsAllowed(Request("api.example.com", "http://localhost:3001"), out _));
        Assert.False(origins.IsAllowed(Request("api.example.com", "http://app.example.com"), out _));
    }

    [Theory]
    [InlineData("https://app.example.com", true)]
    [InlineData("http://localhost:3000/", true)]
    [InlineData("app.example.com", false)]
    [InlineData("https://app.example.com/app", false)]
    [InlineData("https://app.example.com?x=1", false)]
    [InlineData("https://user@app.example.com", false)]
    [InlineData("ftp://app.example.com", false)]
    [InlineData("*", false)]
    [InlineData("", false)]
    public void TryNormalize_OnlyAbsoluteHttpOriginsWithoutPath(string value, bool valid)
    {
        Assert.Equal(valid, AppOrigins.TryNormalize(value, out _));
    }

    private static HttpRequest Request(string host, string? origin)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        return context.Request;
    }
}
