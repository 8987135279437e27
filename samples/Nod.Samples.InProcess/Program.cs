// An agent and a person in one process, talking through Nod with no network at all.
// The agent works ("Thinking…"), asks for an approval and a choice; the person answers from their live stream;
// the agent reacts. At the end the transcript and the activity feed are printed.
// State is kept in a LiteDB file (nod-sample.db in the current directory): run it again and the earlier runs'
// agents and conversations are still there.
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nod;
using Nod.Model;
using Nod.Protocol;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddNod()
                .UseLiteDb("Filename=nod-sample.db");   // durable; remove this line for the in-memory store
using var host = builder.Build();
await host.StartAsync();

var nod = host.Services.GetRequiredService<INodClientFactory>();
var alice = nod.ForUser("alice", "Alice");
var created = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "Deploy bot" });
await using var agent = await nod.ConnectAgentAsync(created.AgentId, created.Secret);

// The person: watches the live stream and answers each request as it arrives.
using var stop = new CancellationTokenSource();
await using var stream = await alice.SubscribeAsync();
var person = Task.Run(async () =>
{
    try
    {
        await foreach (var frame in stream.ReadFramesAsync(stop.Token))
        {
            switch (frame)
            {
                case IndicatorChangedFrame { Active: true } thinking:
                    Console.WriteLine($"  [app] Thinking… {thinking.StatusText}");
                    break;
                case DecisionCreatedFrame { Decision: { Kind: DecisionKind.Approval } request }:
                    Console.WriteLine($"  [app] Request: {request.Title} → Alice approves");
                    await alice.ApproveAsync(request.Id, "Go ahead, tests are green.");
                    break;
                case DecisionCreatedFrame { Decision: { Kind: DecisionKind.Choice } request }:
                    Console.WriteLine($"  [app] Request: {request.Title} [{string.Join(" | ", request.Options!)}] → Alice picks {request.Options![1]}");
                    await alice.RespondAsync(request.Id, request.Options[1]);
                    break;
            }
        }
    }
    catch (OperationCanceledException)
    {
        // The demo is over.
    }
});

// Alice asks; the agent reads its update stream (what a WebSocket agent receives) and gets to work.
await using var updates = agent.SubscribeUpdates();
await alice.SendMessageAsync(agent.DefaultConversationId!, "Please ship v2.4.1 today.");
await foreach (var update in updates.ReadAllAsync())
{
    if (update.Frame is UserMessageFrame request)
    {
        Console.WriteLine($"Agent receives: \"{request.Text}\" from {request.SenderName}.");
        break;
    }
}

await agent.SendMessageAsync("On it: running the tests first.");
await agent.StartProcessingAsync("Running the test suite…");
await agent.AlertAsync("Ran tests", "128 passed, 0 failed");

var approval = await agent.AskAsync(new DecisionEvent
{
    Title = "Deploy v2.4.1 to production?",
    Description = "All 128 tests passed on `main`.",
    Kind = "approval",
});
Console.WriteLine($"Agent hears: {approval.Status} by {approval.ResolvedBy} (\"{approval.Note}\").");

var region = await agent.AskAsync(new DecisionEvent
{
    Title = "Which region first?",
    Description = "I will roll out one region at a time.",
    Kind = "choice",
    Options = ["us-east", "eu-west", "ap-south"],
});
Console.WriteLine($"Agent hears: start with {region.Note}.");

await agent.HeartbeatAsync($"Deploying to {region.Note}…");
await agent.SendMessageAsync(new MessageEvent
{
    Text = $"v2.4.1 is live in **{region.Note}**. Other regions follow in an hour.",
    ReportTitle = "Deployment report",
    ReportDescription = "v2.4.1 · 1 of 3 regions",
});

await stop.CancelAsync();
await person;

Console.WriteLine();
Console.WriteLine("Transcript:");
var history = await alice.GetMessagesAsync(agent.DefaultConversationId!);
foreach (var message in history.Items)
{
    var card = message.ReportTitle is null ? string.Empty : $"[{message.ReportTitle}] ";
    Console.WriteLine($"  {message.SenderName}: {card}{message.Text}");
}

Console.WriteLine();
Console.WriteLine("Activity feed (newest first):");
var activity = await alice.GetActivityAsync(agent.AgentId);
foreach (var entry in activity.Items)
{
    var type = JsonNamingPolicy.SnakeCaseLower.ConvertName(entry.Type.ToString());
    Console.WriteLine($"  {type,-18} {entry.Title}{(entry.Text is null ? string.Empty : " — " + entry.Text)}");
}

Console.WriteLine();
Console.WriteLine($"nod-sample.db now holds {(await alice.GetAgentsAsync()).Count} agent(s) of Alice's, from this run and earlier ones.");

await host.StopAsync();
return 0;
