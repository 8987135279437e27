using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>
/// Event ids are an operator's handle on a message (filters, alerts): each <c>[LoggerMessage]</c> of the engine and the
/// HTTP transports has its own, in its package's range (Core 1000s, HTTP 2000s).
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void CoreAndHttpTransports_LoggerMessages_HaveUniqueEventIdsInTheirRanges()
    {
        var core = EventIds(typeof(INodClientFactory).Assembly);
        var http = EventIds(typeof(NodHttpOptions).Assembly);

        var duplicates = core.Concat(http).GroupBy(x => x.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Method))}");
        Assert.Empty(duplicates);
        Assert.All(core, x => Assert.InRange(x.Id, 1000, 1999));
        Assert.All(http, x => Assert.InRange(x.Id, 2000, 2999));
        Assert.NotEmpty(core);
        Assert.NotEmpty(http);
    }

    private static List<(int Id, string Method)> EventIds(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m.DeclaringType!.FullName + "." + m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, x.Method))
            .ToList();
}
