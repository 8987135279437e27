using System.Text.Json;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests.Rest;

/// <summary><c>GET /api/agent/updates</c>: paging by <c>after</c>/<c>limit</c>, <c>next_after</c>, long-polling, bad parameters.</summary>
public sealed class UpdatesRestTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private NodWebHost Host => shared.Host;

    [Fact]
    public async Task Updates_NothingYet_ReturnsEmptyAndEchoesAfter()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.GetAsync(agent, "api/agent/updates?after=1");

        Assert.Equal(200, status);
        Assert.Empty(body.GetProperty("updates").EnumerateArray());
        Assert.Equal(1, body.GetProperty("next_after").GetInt64());
        Assert.Equal(["updates", "next_after"], body.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Updates_UserMessages_ArriveAsUserMessageEventsWithEveryField()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        var sent = await user.SendMessageAsync(conversation.Id, "Please ship it").Within();

        var (_, body) = await Host.GetAsync(agent, "api/agent/updates");

        var update = body.GetProperty("updates").EnumerateArray().Single();
        Assert.Equal("user_message", update.GetProperty("type").GetString());
        Assert.Equal(sent.Id, update.GetProperty("message_id").GetString());
        Assert.Equal(conversation.Id, update.GetProperty("conversation_id").GetString());
        Assert.Equal("Please ship it", update.GetProperty("text").GetString());
        Assert.Equal("Alice", update.GetProperty("sender_name").GetString());
        Assert.StartsWith("evt_", update.GetProperty("event_id").GetString());
        foreach (var field in new[] { "image_url", "image_urls", "audio_url" })
        {
            Assert.Equal(JsonValueKind.Null, update.GetProperty(field).ValueKind);
        }

        Assert.Equal(update.GetProperty("seq").GetInt64(), body.GetProperty("next_after").GetInt64());
    }

    [Fact]
    public async Task Updates_PagedWithNextAfter_ReturnEveryUpdateOnceInOrder()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        var sent = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            sent.Add((await user.SendMessageAsync(conversation.Id, $"m{i}").Within()).Id);
        }

        var received = new List<(long Seq, string Id)>();
        long after = 0;
        while (true)
        {
            var (status, body) = await Host.GetAsync(agent, $"api/agent/updates?after={after}&limit=5");
            Assert.Equal(200, status);
            var page = body.GetProperty("updates").EnumerateArray().ToList();
            Assert.True(page.Count <= 5);
            if (page.Count == 0)
            {
                Assert.Equal(after, body.GetProperty("next_after").GetInt64());
                break;
            }

            received.AddRange(page.Select(u => (u.GetProperty("seq").GetInt64(), u.GetProperty("message_id").GetString()!)));
            after = body.GetProperty("next_after").GetInt64();
        }

        Assert.Equal(sent, received.Select(r => r.Id));
        Assert.Equal(received.Select(r => r.Seq).Order(), received.Select(r => r.Seq));
        Assert.Equal(received.Count, received.Select(r => r.Seq).Distinct().Count());
    }

    [Fact]
    public async Task Updates_LongPoll_ReturnsAsSoonAsAnUpdateArrives()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        var (_, before) = await Host.GetAsync(agent, "api/agent/updates");
        var after = before.GetProperty("next_after").GetInt64();

        // wait_s=30: only the arriving message can end this request within the test timeout.
        var poll = Host.GetAsync(agent, $"api/agent/updates?after={after}&wait_s=30");
        var sent = await user.SendMessageAsync(conversation.Id, "wake up").Within();
        var (status, body) = await poll.Within();

        Assert.Equal(200, status);
        var update = body.GetProperty("updates").EnumerateArray().Single();
        Assert.Equal(sent.Id, update.GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task Updates_AfterBeyondTheLog_NextAfterIsTheHead_SoTheNextPollGetsWhatComesNext()
    {
        // An agent that kept its position across a reset of the host's store would otherwise poll forever for nothing.
        var (user, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.GetAsync(agent, "api/agent/updates?after=999999999");

        Assert.Equal(200, status);
        Assert.Empty(body.GetProperty("updates").EnumerateArray());
        var nextAfter = body.GetProperty("next_after").GetInt64();
        Assert.InRange(nextAfter, 1, 999_999_998);

        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        await user.SendMessageAsync(conversation.Id, "after the reset").Within();
        var (_, next) = await Host.GetAsync(agent, $"api/agent/updates?after={nextAfter}");
        Assert.Equal("after the reset", next.GetProperty("updates").EnumerateArray().Single().GetProperty("text").GetString());
    }

    [Fact]
    public async Task Updates_LongPollAndNothingArrives_ReturnsAnEmptyPageAtTheDeadline()
    {
        var (_, agent) = await Host.CreateAgentAsync();

        // The exact deadline is covered on fake time (LongPollTests); over HTTP the shortest real wait is enough.
        var (status, body) = await Host.GetAsync(agent, "api/agent/updates?after=1&wait_s=1").Within();

        Assert.Equal(200, status);
        Assert.Empty(body.GetProperty("updates").EnumerateArray());
        Assert.Equal(1, body.GetProperty("next_after").GetInt64());
    }

    [Fact]
    public async Task Updates_LongPollWithUpdatesAlreadyThere_ReturnsAtOnce()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        await user.SendMessageAsync(conversation.Id, "already here").Within();

        var (_, body) = await Host.GetAsync(agent, "api/agent/updates?after=0&wait_s=30").Within();

        Assert.Single(body.GetProperty("updates").EnumerateArray());
    }

    [Fact]
    public async Task Updates_DecisionResolvedByTheUser_ArrivesAsDecisionResolved()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        var (_, created) = await Host.PostEventAsync(agent, """{"type":"decision","title":"Deploy?","description":"d","kind":"approval"}""");
        var decisionId = created.GetProperty("decision_id").GetString()!;
        await user.ApproveAsync(decisionId, "go").Within();

        var (_, body) = await Host.GetAsync(agent, "api/agent/updates?wait_s=5");

        var update = body.GetProperty("updates").EnumerateArray().Single();
        Assert.Equal("decision_resolved", update.GetProperty("type").GetString());
        Assert.Equal(decisionId, update.GetProperty("decision_id").GetString());
        Assert.Equal("approved", update.GetProperty("status").GetString());
        Assert.Equal("go", update.GetProperty("note").GetString());
        Assert.Equal("Alice", update.GetProperty("resolved_by").GetString());
    }

    [Theory]
    [InlineData("after=abc", "after")]
    [InlineData("after=-1", "after")]
    [InlineData("after=1.5", "after")]
    [InlineData("after=", "after")]
    [InlineData("after=99999999999999999999999", "after")]
    [InlineData("after=1&after=2", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("wait_s=31", "wait_s")]
    [InlineData("wait_s=-1", "wait_s")]
    [InlineData("wait_s=NaN", "wait_s")]
    [InlineData("wait_s=soon", "wait_s")]
    [InlineData("after=%ZZ", "after")]
    public async Task Updates_MalformedQuery_Returns400NamingTheParameter(string query, string parameter)
    {
        var (_, agent) = await Host.CreateAgentAsync();

        var (status, body) = await Host.GetAsync(agent, "api/agent/updates?" + query);

        Assert.Equal(400, status);
        Assert.StartsWith(parameter, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Updates_NoCredentials_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/agent/updates");

        var (status, _) = await Host.SendAsync(request);

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Updates_OnlyTheAgentsOwnUpdates()
    {
        var (user, mine) = await Host.CreateAgentAsync();
        var (_, other) = await Host.CreateAgentAsync();
        var conversation = (await user.GetConversationsAsync(mine.AgentId).Within()).Single();
        await user.SendMessageAsync(conversation.Id, "for mine").Within();

        var (_, body) = await Host.GetAsync(other, "api/agent/updates");

        Assert.Empty(body.GetProperty("updates").EnumerateArray());
    }

    [Fact]
    public async Task Updates_WhileApprovalOnlyAgentPolls_DecisionResolutionsArrive()
    {
        var (user, agent) = await Host.CreateAgentAsync(AgentType.ApprovalOnly);
        var (_, created) = await Host.PostEventAsync(agent, """{"type":"decision","title":"Q","description":"d","kind":"question"}""");
        await user.RespondAsync(created.GetProperty("decision_id").GetString()!, "42").Within();

        var (_, body) = await Host.GetAsync(agent, "api/agent/updates");

        Assert.Equal("42", body.GetProperty("updates").EnumerateArray().Single().GetProperty("note").GetString());
    }
}
