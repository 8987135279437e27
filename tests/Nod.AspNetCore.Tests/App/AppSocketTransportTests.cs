using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nod.AspNetCore.Internal;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.App;

/// <summary>
/// The transport under <c>/ws/app</c> sockets: the frames of one event burst go out in one write whether or not the
/// host runs the WebSocket middleware itself.
/// </summary>
public sealed class AppSocketTransportTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AppSocket_WithOrWithoutTheHostsOwnUseWebSockets_SendsBurstsAndDeliversTheEvents(bool hostUsesWebSockets)
    {
        var transport = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await NodWebHost.StartAsync(map: app =>
        {
            // Looks at the socket's request once it is over: was it given the burst-capable transport?
            app.Use(async (context, next) =>
            {
                await next(context);
                if (context.Request.Path.StartsWithSegments("/ws/app", StringComparison.Ordinal))
                {
                    transport.TrySetResult(context.Features.Get<BurstWriteStream>() is not null);
                }
            });
            if (hostUsesWebSockets)
            {
                app.UseWebSockets();
            }

            app.MapNod();
        });
        var alice = OwnedResources.NewUser("alice");
        await using var owned = await OwnedResources.CreateAsync(host, alice);

        var (socket, _) = await host.ConnectAppAsync(alice);
        await using (socket)
        {
            await owned.AgentClient.SendMessageAsync("Deployed").Within();
            var created = await socket.ReceiveAsync("message_created").Within();
            Assert.Equal("Deployed", created.GetProperty("message").GetProperty("text").GetString());
            await socket.ReceiveAsync("activity_created").Within();
            await socket.CloseAsync().Within();
        }

        Assert.True(await transport.Task.Within(), "the /ws/app socket was not given the burst-capable transport");
    }
}
