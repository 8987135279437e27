using System.Text.Json;
using Nod.AspNetCore.Tests.Infrastructure;
using Nod.Model;

namespace Nod.AspNetCore.Tests;

/// <summary>REST and WebSocket share one parser and one engine: every event gets the same answer over both (invariant 6).</summary>
public sealed class TransportParityTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private NodWebHost Host => shared.Host;

    [Theory]
    [MemberData(nameof(EventSamples.Valid), MemberType = typeof(EventSamples))]
    public async Task Parity_EveryValidEvent_RestResponseAndWebSocketAckCarryTheSameFields(string name, string json, string? idField, string? idPrefix)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        var (status, rest) = await Host.PostEventAsync(agent, json);
        var ack = await socket.RequestAsync(json, "parity");

        Assert.True(status == 200, name);
        Assert.Equal(Shape(rest), Shape(Without(ack, "type", "ref")));
        if (idField is not null)
        {
            Assert.StartsWith(idPrefix!, ack.GetProperty(idField).GetString());
        }
    }

    [Theory]
    [MemberData(nameof(EventSamples.Invalid), MemberType = typeof(EventSamples))]
    public async Task Parity_EveryInvalidEvent_RestDetailEqualsTheErrorFrameDetail(string name, string json, string expectedInDetail)
    {
        var (_, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);

        var (status, rest) = await Host.PostEventAsync(agent, json);
        await socket.SendTextAsync(json);
        var error = await socket.ReceiveAsync();

        Assert.True(status == 400, name);
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal(rest.GetProperty("detail").GetString(), error.GetProperty("detail").GetString());
        Assert.Contains(expectedInDetail, error.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"type":"message","text":"x","conversation_id":"conv_0000000000000000"}""", AgentType.Interactive)]
    [InlineData("""{"type":"message","text":"x"}""", AgentType.ApprovalOnly)]
    [InlineData("""{"type":"decision","title":"t","description":"d","kind":"approval","conversation_id":"conv_0000000000000000"}""", AgentType.Interactive)]
    public async Task Parity_EngineRefusals_SameDetailOverBoth(string json, AgentType type)
    {
        var (_, agent) = await Host.CreateAgentAsync(type);
        await using var socket = await Host.ConnectAsync(agent);

        var (status, rest) = await Host.PostEventAsync(agent, json);
        var error = await socket.RequestAsync(json, "e");

        Assert.InRange(status, 400, 404);
        Assert.Equal(rest.GetProperty("detail").GetString(), error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Parity_MessageOverBoth_StoresTheSameMessage()
    {
        var (user, agent) = await Host.CreateAgentAsync();
        await using var socket = await Host.ConnectAsync(agent);
        const string Json = """{"type":"message","text":"same","report_title":"R","report_description":"D"}""";

        var (_, rest) = await Host.PostEventAsync(agent, Json);
        var ack = await socket.RequestAsync(Json, "m");

        var conversation = (await user.GetConversationsAsync(agent.AgentId).Within()).Single();
        var messages = (await user.GetMessagesAsync(conversation.Id).Within()).Items;
        var viaRest = messages.Single(m => m.Id == rest.GetProperty("message_id").GetString());
        var viaSocket = messages.Single(m => m.Id == ack.GetProperty("message_id").GetString());
        Assert.Equal(viaRest with { Id = "", Seq = 0, CreatedAt = default }, viaSocket with { Id = "", Seq = 0, CreatedAt = default });
    }

    private static List<(string Name, JsonValueKind Kind, string? Prefix)> Shape(JsonElement element) =>
        [.. element.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()![..Math.Min(4, p.Value.GetString()!.Length)] : null))];

    private static JsonElement Without(JsonElement element, params string[] names)
    {
        var copy = element.EnumerateObject().Where(p => !names.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value);
        return JsonSerializer.SerializeToElement(copy);
    }
}
