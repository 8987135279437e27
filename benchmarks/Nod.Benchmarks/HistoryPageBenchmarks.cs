using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Nod.Benchmarks.Infrastructure;
using Nod.Internal;
using Nod.Storage;
using Nod.Storage.LiteDb;
using Nod.Storage.LiteDb.Internal.Documents;

namespace Nod.Benchmarks;

/// <summary>
/// Scenario 7: the newest page (50 messages) of one conversation among 100,000 messages in 100 conversations on a
/// LiteDB file. Baseline: the best LiteDB can do on its own — a descending range scan of a (conversation, seq) index
/// with a limit, returning raw documents. Measured: Nod's LiteDB store (the same scan, mapped to messages), the user
/// client's <c>GetMessagesAsync</c> (access check, page of 51 to know whether an older page exists, oldest-first order),
/// and the in-memory store for reference.
/// </summary>
/// <remarks>
/// The 100,000-message database is built once per build of the store (≈ tens of seconds) into the temp folder and
/// copied for each run; messages are written straight to the store in batches, interleaved across conversations as
/// they would arrive.
/// </remarks>
[MemoryDiagnoser]
public class HistoryPageBenchmarks
{
    public const int Conversations = 100;
    public const int MessagesPerConversation = 1_000;
    public const int PageSize = 50;

    private NodHost _host = null!;
    private NodUserClient _user = null!;
    private INodStore _store = null!;
    private ILiteCollection<BsonDocument> _rawMessages = null!;
    private string _conversationId = string.Empty;

    [GlobalSetup(Targets = [nameof(RawLiteDb), nameof(LiteDbStore), nameof(UserClientLiteDb)])]
    public async Task SetupLiteDbAsync()
    {
        var template = await TemplateAsync();
        var copy = Path.Combine(NodHost.TempFolder(), "history.db");
        File.Copy(template, copy);
        _host = await NodHost.StartAsync(copy);
        await OpenAsync();
        _rawMessages = ((LiteDbNodStore)_store).Db.Messages;
    }

    [GlobalSetup(Target = nameof(InMemoryStore))]
    public async Task SetupInMemoryAsync()
    {
        _host = await NodHost.StartAsync();
        await FillAsync(_host);
        await OpenAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _host.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw LiteDB: index range scan, documents")]
    public BsonDocument[] RawLiteDb()
    {
        var (low, high) = SortKeys.Below(_conversationId, null)!.Value;
        return _rawMessages.Query()
            .Where(Query.Between(MessageDocument.ConversationKey, low, high))
            .OrderByDescending(MessageDocument.ConversationKey)
            .Limit(PageSize)
            .ToArray();
    }

    [Benchmark(Description = "Nod LiteDB store: GetPageAsync")]
    public ValueTask<IReadOnlyList<Message>> LiteDbStore() => _store.Messages.GetPageAsync(_conversationId, null, PageSize);

    [Benchmark(Description = "Nod user client: GetMessagesAsync (LiteDB)")]
    public Task<Page<Message>> UserClientLiteDb() => _user.GetMessagesAsync(_conversationId, limit: PageSize);

    [Benchmark(Description = "Nod in-memory store: GetPageAsync")]
    public ValueTask<IReadOnlyList<Message>> InMemoryStore() => _store.Messages.GetPageAsync(_conversationId, null, PageSize);

    private async Task OpenAsync()
    {
        _store = _host.Services.GetRequiredService<INodStore>();
        _user = _host.Nod.ForUser("alice", "Alice");
        var agent = (await _user.GetAgentsAsync()).Single();
        var conversations = await _user.GetConversationsAsync(agent.Id);
        _conversationId = conversations[Conversations / 2].Id;
        var page = await _user.GetMessagesAsync(_conversationId, limit: PageSize);
        if (conversations.Count != Conversations || page.Items.Count != PageSize)
        {
            throw new InvalidOperationException($"The history fixture is wrong: {conversations.Count} conversations, a page of {page.Items.Count}.");
        }
    }

    /// <summary>The database with every message, built once per version of the store.</summary>
    private static async Task<string> TemplateAsync()
    {
        var version = typeof(LiteDbNodStore).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        var folder = Path.Combine(Path.GetTempPath(), "nod-benchmarks");
        var template = Path.Combine(folder, $"history-{Conversations}x{MessagesPerConversation}-{version}.db");
        if (File.Exists(template))
        {
            return template;
        }

        Directory.CreateDirectory(folder);
        var building = Path.Combine(NodHost.TempFolder(), "history.db");
        var started = Stopwatch.GetTimestamp();
        var host = await NodHost.StartAsync(building);
        await using (host.ConfigureAwait(false))
        {
            await FillAsync(host);
        }

        File.Move(building, template, overwrite: true);
        Directory.Delete(Path.GetDirectoryName(building)!, recursive: true);
        Console.WriteLine($"// Built the history fixture {template} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return template;
    }

    /// <summary>One agent, 100 conversations, then 100,000 messages committed straight to the store in batches of 1,000.</summary>
    private static async Task FillAsync(NodHost host)
    {
        var (user, agent) = await host.CreateAgentAsync();
        await agent.DisposeAsync();
        var agentId = agent.AgentId;
        var conversationIds = new List<string>((await user.GetConversationsAsync(agentId)).Select(c => c.Id));
        while (conversationIds.Count < Conversations)
        {
            conversationIds.Add((await user.CreateConversationAsync(agentId)).Id);
        }

        var store = host.Services.GetRequiredService<INodStore>();
        var at = DateTimeOffset.UtcNow.AddDays(-30);
        const int batch = 1_000;
        for (var first = 0; first < Conversations * MessagesPerConversation; first += batch)
        {
            var changes = new ChangeSet();
            for (var i = first; i < first + batch; i++)
            {
                changes.AddMessage(new Message
                {
                    Id = NodIds.Message(),
                    ConversationId = conversationIds[i % Conversations],
                    AgentId = agentId,
                    Sender = i % 3 == 0 ? MessageSender.User : MessageSender.Agent,
                    SenderId = i % 3 == 0 ? "alice" : null,
                    SenderName = i % 3 == 0 ? "Alice" : "Benchmark agent",
                    Text = $"Message {i}: the build of commit {i * 7919 % 100_000:x5} passed all 1,284 tests in 3 min 12 s.",
                    CreatedAt = at.AddSeconds(i),
                });
            }

            var outcome = await store.CommitAsync([changes]);
            if (outcome[0].Status != CommitStatus.Committed)
            {
                throw new InvalidOperationException("The history fixture could not be written: " + outcome[0].Error?.Message);
            }
        }
    }
}
