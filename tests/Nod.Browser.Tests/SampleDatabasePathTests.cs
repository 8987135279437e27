using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Nod.Browser.Tests;

/// <summary>
/// <c>--Nod:Database</c> is a file path, not a piece of a LiteDB connection string: a path with <c>;</c> or <c>=</c> is
/// stored exactly there (the start-up log says so), not cut at the <c>;</c> with the rest read as LiteDB options.
/// </summary>
public sealed class SampleDatabasePathTests
{
    [Theory]
    [InlineData("a;Password=secret.db")]
    [InlineData("team=blue.db")]
    public void SampleHost_DatabasePathWithConnectionStringCharacters_IsUsedAsIs(string fileName)
    {
        var directory = Directory.CreateTempSubdirectory("nod-path-").FullName;
        try
        {
            var database = Path.Combine(directory, fileName);
            using (var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
                   {
                       web.UseEnvironment("Development");
                       web.UseSetting("Nod:Database", database);
                       web.ConfigureLogging(logging => logging.ClearProviders());
                   }))
            {
                _ = factory.Server;   // starts the host, which opens the store
            }

            Assert.True(File.Exists(database), $"no database at {database}; the directory holds: {string.Join(", ", Directory.GetFiles(directory).Select(Path.GetFileName))}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
