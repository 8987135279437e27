using Microsoft.AspNetCore.Http;
using Nod.AspNetCore.Internal;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>
/// Browsers send an internationalized host in its ASCII (punycode) form in <c>Origin</c>; an entry of
/// <see cref="NodHttpOptions.AppAllowedOrigins"/> written in Unicode must still match it.
/// </summary>
public sealed class AppOriginsIdnTests
{
    [Theory]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")]
    [InlineData("https://xn--bcher-kva.example", "https://xn--bcher-kva.example")]
    [InlineData("http://[::1]:3000", "http://[::1]:3000")]
    public void IsAllowed_ConfiguredOriginInAnyHostForm_MatchesTheBrowsersOrigin(string configured, string origin)
    {
        var request = new DefaultHttpContext().Request;
        request.Host = new HostString("api.example.com");
        request.Headers.Origin = origin;

        Assert.True(new AppOrigins([configured]).IsAllowed(request, out _));
    }
}
