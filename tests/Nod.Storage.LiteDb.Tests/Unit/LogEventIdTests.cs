using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Nod.Storage.LiteDb.Tests.Unit;

/// <summary>
/// Event ids are an operator's handle on a message: the LiteDB store's are its own, in the 3000s (the engine has the
/// 1000s and the HTTP transports the 2000s, which their own tests hold them to), so no two messages share one.
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void LiteDbStore_LoggerMessages_HaveUniqueEventIdsInTheStoresRange()
    {
        var ids = typeof(LiteDbStoreOptions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .Where(a => a is not null)
            .Select(a => a!.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 3000, 3999));
    }
}
