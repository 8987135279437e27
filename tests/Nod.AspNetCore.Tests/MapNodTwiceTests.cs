using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests;

/// <summary>
/// A second <c>MapNod()</c> in one host is refused when mapping: with the same prefix every route would be ambiguous
/// (500s at request time), with another one the trigger URLs would follow only the last prefix and each copy would keep
/// its own per-agent rate limit.
/// </summary>
public sealed class MapNodTwiceTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("", "/nod")]
    [InlineData("/a", "/b")]
    public async Task MapNod_CalledTwice_ThrowsAFixItMessage(string first, string second)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        TestAuthentication.Add(builder.Services);
        builder.Services.AddNod();
        await using var app = builder.Build();
        app.MapNod(first);

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapNod(second));

        Assert.Contains("MapNod() was already called", ex.Message, StringComparison.Ordinal);
    }
}
