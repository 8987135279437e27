using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests;

/// <summary>
/// Whatever the spelling of <c>MapNod</c>'s prefix, the routes are mapped where the recorded
/// <see cref="NodOptions.RoutePrefix"/> (and so every trigger URL) says they are.
/// </summary>
public sealed class MapNodPrefixTests
{
    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("nod")]
    [InlineData("nod/")]
    [InlineData("/nod/")]
    [InlineData(" /nod ")]
    [InlineData("//nod")]
    [InlineData("/a/b/")]
    public async Task MapNod_AnyPrefixSpelling_MapsTheRoutesUnderTheRecordedPrefix(string prefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        TestAuthentication.Add(builder.Services);
        builder.Services.AddNod();
        await using var app = builder.Build();

        app.MapNod(prefix);

        var recorded = app.Services.GetRequiredService<IOptions<NodOptions>>().Value.RoutePrefix;
        var patterns = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToList();
        Assert.Contains(recorded + "/api/triggers/{trigger_id}", patterns);
        Assert.Contains(recorded + "/api/agent/events", patterns);
    }
}
