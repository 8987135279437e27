using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;
using Nod.AspNetCore.Internal;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>
/// The error logged for a bug names the route, not the request path: a trigger URL's path is its only credential, and
/// error logs travel further than the host (log stores, bug reports).
/// </summary>
public sealed class RequestFailedLogTests
{
    [Fact]
    public async Task Guard_HandlerFailsOnATriggerUrl_LogsTheRoutePatternWithoutTheToken()
    {
        const string Token = "trg_0123456789secret";
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/nod/api/triggers/" + Token;
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new RouteEndpoint(
            _ => Task.CompletedTask, RoutePatternFactory.Parse("/nod/api/triggers/{trigger_id}"), 0, EndpointMetadataCollection.Empty, "trigger"));
        var logger = new RecordingLogger();

        await HttpResponses.GuardAsync(context, 1024, logger, () => throw new InvalidOperationException("a bug")).Within();

        var line = Assert.Single(logger.Lines);
        Assert.Equal(500, context.Response.StatusCode);
        Assert.Contains("/nod/api/triggers/{trigger_id}", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, line, StringComparison.Ordinal);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
