using Microsoft.Extensions.Options;
using Nod.Core.Tests.Infrastructure;

namespace Nod.Core.Tests.Hosting;

/// <summary>
/// Trigger URLs are <c>{PublicBaseUrl}{RoutePrefix}/api/triggers/{id}</c>: a base URL with a query or a fragment would
/// put the route after it (<c>https://h/?a=1/api/triggers/…</c>), a URL that reaches no trigger, so it fails at start-up.
/// </summary>
public sealed class PublicBaseUrlTests
{
    [Theory]
    [InlineData("https://example.com/?tenant=1")]
    [InlineData("https://example.com/app#top")]
    public async Task PublicBaseUrl_WithQueryOrFragment_FailsAtStartNamingTheOption(string url)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodTestHost.StartAsync(o => o.PublicBaseUrl = url));

        Assert.Contains("NodOptions.PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.com")]
    [InlineData("https://example.com/")]
    [InlineData("http://127.0.0.1:5080/app/")]
    public async Task PublicBaseUrl_AbsoluteHttpUrlWithAPath_IsAccepted(string url)
    {
        await using var host = await NodTestHost.StartAsync(o => o.PublicBaseUrl = url);
    }
}
