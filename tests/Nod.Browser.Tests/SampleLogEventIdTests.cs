using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Nod.Browser.Tests;

/// <summary>
/// Every <c>[LoggerMessage]</c> of the sample host has its own event id, so an operator filtering or alerting on an id
/// (the README shows <c>Nod.Samples.WebHost[1]</c>, the "open this URL" line) gets that message and no other.
/// </summary>
public sealed class SampleLogEventIdTests
{
    [Fact]
    public void SampleHost_LoggerMessages_HaveUniqueEventIds()
    {
        var ids = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m.DeclaringType!.Name + "." + m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        var duplicates = ids.GroupBy(x => x.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Method))}").ToList();

        Assert.NotEmpty(ids);
        Assert.True(duplicates.Count == 0, "Shared event ids: " + string.Join("; ", duplicates));
    }
}
