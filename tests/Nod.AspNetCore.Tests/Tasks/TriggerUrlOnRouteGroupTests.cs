using System.Text;
using Microsoft.AspNetCore.Builder;
using Nod.AspNetCore.Tests.Infrastructure;

namespace Nod.AspNetCore.Tests.Tasks;

/// <summary>
/// <c>MapNod()</c> on a route group (<c>app.MapGroup("/tenant").MapNod("/nod")</c>): the trigger URL handed out points at
/// the trigger route where it is really mapped, the group's prefix included.
/// </summary>
public sealed class TriggerUrlOnRouteGroupTests
{
    [Fact]
    public async Task MapNod_OnARouteGroup_TriggerUrlReachesTheTrigger()
    {
        await using var host = await NodWebHost.StartAsync(prefix: "/tenant/nod", map: app => app.MapGroup("/tenant").MapNod("/nod"));
        var (_, agent) = await host.CreateAgentAsync();
        var (status, body) = await host.CreateTaskAsync(agent, """{"name":"On order","prompt":"Handle it","schedule":"event"}""");
        Assert.Equal(200, status);
        var triggerUrl = body.GetProperty("trigger_url").GetString()!;

        using var root = new HttpClient { BaseAddress = new Uri($"http://{host.BaseAddress.Authority}/"), Timeout = TestTimeouts.Default };
        using var fired = await root.PostAsync(triggerUrl, new StringContent("{}", Encoding.UTF8, "application/json")).Within();

        Assert.Equal("/tenant/nod/api/triggers/" + body.GetProperty("trigger_id").GetString(), triggerUrl);
        Assert.Equal(202, (int)fired.StatusCode);
    }
}
