using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Nod.Browser.Tests;

/// <summary>
/// The sample's password-less sign-in ("whoever you name, you are") exists for development only: outside the
/// Development environment (e.g. <c>dotnet Nod.Samples.WebHost.dll</c>, which runs as Production) the host refuses to
/// start, saying why, instead of serving it.
/// </summary>
public sealed class DevelopmentSignInEnvironmentTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void SampleHost_OutsideDevelopment_RefusesToStartWithTheDevelopmentSignIn(string environment)
    {
        var directory = Directory.CreateTempSubdirectory("nod-env-").FullName;
        try
        {
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            {
                web.UseEnvironment(environment);
                web.UseSetting("Nod:Database", Path.Combine(directory, "nod.db"));
                web.ConfigureLogging(logging => logging.ClearProviders());
            });

            var error = Assert.ThrowsAny<Exception>(() => factory.Server);

            Assert.Contains("development sign-in", error.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("ASPNETCORE_ENVIRONMENT=Development", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
