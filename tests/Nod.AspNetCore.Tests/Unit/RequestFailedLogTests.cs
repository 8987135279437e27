using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Nod.AspNetCore.Internal;
using Nod.AspNetCore.Tests.Infrastructure;

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
        using var logs = new LogRecorder();

        await HttpResponses.GuardAsync(context, 1024, logs.CreateLogger("test"), () => throw new InvalidOperationException("a bug")).Within();

        var line = Assert.Single(logs.Entries).Message;
        Assert.Equal(500, context.Response.StatusCode);
        Assert.Contains("/nod/api/triggers/{trigger_id}", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, line, StringComparison.Ordinal);
    }
}
