// The crash test's child process. Modes:
//   run <file> [n]    hosts Nod on the LiteDB file; an agent and a person write without pause (messages, decisions,
//                     resolutions); one line per ACKNOWLEDGED item on stdout, flushed at once. Runs until killed,
//                     or kills itself (SIGKILL) right after its n-th acknowledgement.
//   hold <file>       opens the store on the file, prints READY and holds it until stdin closes (the lock test).
//   hold-file <file>  opens the file itself with an exclusive lock, prints READY and holds it until stdin closes.
//   presence <file>   hosts Nod on the LiteDB file; an agent connects and turns its bubble on, then it waits to be killed.
// Lines: READY | AGENT <agent> <conversation> | M <message> | D <decision> | R <decision> <status>
//        | ON <agent> <conversation> <seq before the agent connected> (presence)
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nod;
using Nod.Model;
using Nod.Protocol;
using Nod.Storage.LiteDb;

if (args.Length is not (2 or 3))
{
    Console.Error.WriteLine("usage: run|hold|hold-file <file> [kill-self-after-acks]");
    return 2;
}

var (mode, path) = (args[0], args[1]);
var killSelfAfter = args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
var acks = 0;
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
void Say(string line)
{
    lock (output)
    {
        output.WriteLine(line);
        if (line != "READY" && ++acks >= killSelfAfter)
        {
            // SIGKILL right after an acknowledgement: the moment a write that was acknowledged too early would be lost.
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        }
    }
}

switch (mode)
{
    case "hold":
    {
        await using var store = new LiteDbNodStore(new LiteDbStoreOptions { ConnectionString = $"Filename={path}" });
        await store.InitializeAsync();
        Say("READY");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    case "hold-file":
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Say("READY");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    case "run" or "presence":
        break;

    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Services.AddNod(o =>
{
    if (mode == "presence")
    {
        // The bubble outlives any slow test machine: only the kill may end it, not its expiry.
        o.ProcessingTimeout = TimeSpan.FromHours(1);
    }
}).UseLiteDb($"Filename={path}");
using var host = builder.Build();
await host.StartAsync();
Say("READY");

var nod = host.Services.GetRequiredService<INodClientFactory>();
var alice = nod.ForUser("alice", "Alice");
if (mode == "presence")
{
    var thinking = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "Thinking bot" });
    var seenSeq = await host.Services.GetRequiredService<Nod.Storage.INodStore>().Events.GetHeadAsync();
    var connected = await nod.ConnectAgentAsync(thinking.AgentId, thinking.Secret);
    await connected.StartProcessingAsync("Working");
    Say(FormattableString.Invariant($"ON {thinking.AgentId} {connected.DefaultConversationId} {seenSeq}"));
    await Console.In.ReadToEndAsync();
    return 0;
}

var created = await alice.CreateAgentAsync(new CreateAgentRequest { Name = "Crash bot" });
await using var agent = await nod.ConnectAgentAsync(created.AgentId, created.Secret);
var conversation = agent.DefaultConversationId ?? (await alice.GetConversationsAsync(created.AgentId))[0].Id;
Say($"AGENT {created.AgentId} {conversation}");

// Several writers at once, so the engine finds commands waiting and commits them together.
var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
{
    var pending = new Queue<string>();
    for (var i = 0; ; i++)
    {
        var messageId = await agent.SendMessageAsync($"writer {writer} message {i}");
        Say($"M {messageId}");
        if (i % 3 == 0)
        {
            var decision = await agent.RequestDecisionAsync(new DecisionEvent
            {
                Title = $"Step {writer}.{i}?",
                Description = "Crash test request.",
                Kind = "approval",
            });
            Say($"D {decision.Id}");
            pending.Enqueue(decision.Id);
        }

        if (i % 5 == 4 && pending.TryDequeue(out var toResolve))
        {
            var resolved = i % 2 == 0 ? await alice.ApproveAsync(toResolve, "ok") : await alice.RejectAsync(toResolve, "no");
            Say($"R {resolved.Id} {resolved.Status}");
        }

        if (i % 7 == 6)
        {
            var reply = await alice.SendMessageAsync(conversation, $"person {writer} reply {i}");
            Say($"M {reply.Id}");
        }
    }
})).ToArray();

await Task.WhenAll(writers);
return 0;
