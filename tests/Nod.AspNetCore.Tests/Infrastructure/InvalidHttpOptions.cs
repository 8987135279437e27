using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nod.AspNetCore.Tests.Infrastructure;

/// <summary>A host whose <see cref="NodHttpOptions"/> are impossible must refuse to start and to map, naming the option.</summary>
public static class InvalidHttpOptions
{
    /// <summary>
    /// Builds a host (with the test authentication) whose options <paramref name="makeInvalid"/> spoils and checks that
    /// starting it and <c>MapNod()</c> both throw an <see cref="OptionsValidationException"/> naming <paramref name="option"/>.
    /// </summary>
    public static async Task AssertRefusedAsync(string option, Action<NodHttpOptions> makeInvalid)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        TestAuthentication.Add(builder.Services);
        builder.Services.AddNod().ConfigureHttp(makeInvalid);
        await using var app = builder.Build();

        var atStart = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().Within());
        var atMap = Assert.Throws<OptionsValidationException>(() => app.MapNod());

        Assert.Contains($"NodHttpOptions.{option}", atStart.Message);
        Assert.Contains($"NodHttpOptions.{option}", atMap.Message);
    }
}
