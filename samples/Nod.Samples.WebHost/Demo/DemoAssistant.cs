// DEMO ONLY. One running "Demo assistant": an in-process agent that reads its update stream like any WebSocket agent
// and answers people, so that every part of the web app can be tried without writing an agent.
using System.Collections.Concurrent;
using System.Text;
using Nod;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Samples.WebHost.Demo;

/// <summary>
/// Reacts to user messages with a "Thinking…" phase (live status texts) and a reply; keywords show each part of Nod:
/// the four request kinds, a report card, an alert, an image, a task result and a task proposal.
/// </summary>
internal sealed partial class DemoAssistant(
    NodAgentClient client,
    TimeProvider time,
    TimeSpan stepDelay,
    ILogger logger,
    Action onEnded,
    CancellationToken hostStopping)
{
    /// <summary>The words the assistant reacts to, as listed in its greeting and its "help" reply.</summary>
    public static readonly IReadOnlyList<(string Keyword, string Shows)> Keywords =
    [
        ("approval", "an approval request (approve or reject, with a note)"),
        ("choice", "a choice between options, or your own answer with “Other…”"),
        ("question", "a question you answer in free text"),
        ("permission", "a permission request you can always allow with a pattern"),
        ("requests", "all four kinds of request at once"),
        ("report", "a report card that opens full screen"),
        ("alert", "alerts in the activity feed while the bubble shows them"),
        ("image", "an image"),
        ("task", "a task run and its result"),
        ("proposal", "a task proposal (approve it to create the task)"),
        ("help", "this list"),
    ];

    private const int MaxEcho = 400;
    private const string DemoTaskName = "Demo digest";

    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, client.Ended);
    private readonly ConcurrentDictionary<string, string> _asked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _runs = new(StringComparer.Ordinal);   // only touched by the update loop
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>The first message in a new assistant's chat.</summary>
    public async Task GreetAsync(string userName, CancellationToken cancellationToken)
    {
        await client.SendMessageAsync(
            $"Hi {userName}! I'm the **Demo assistant**: I run inside this sample host and show what an agent can do with Nod.\n\n" +
            HelpText(), cancellationToken: cancellationToken);
        await client.ReportStatusAsync("started", "Demo assistant ready", cancellationToken);
    }

    /// <summary>Stops reading and closes the connection (the agent goes offline).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10), time);
        }
        catch (TimeoutException)
        {
            // Its current step ignored cancellation; closing the connection below ends it.
        }

        await client.DisposeAsync();
    }

    private static string HelpText()
    {
        var text = new StringBuilder("Send me a message with one of these words:\n\n");
        foreach (var (keyword, shows) in Keywords)
        {
            text.Append("- **").Append(keyword).Append("** — ").Append(shows).Append('\n');
        }

        return text.Append("\nAnything else gets a short reply after a little *Thinking…*.").ToString();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            await foreach (var update in client.ReadUpdatesAsync(cancellationToken: token))
            {
                try
                {
                    await HandleAsync(update, token);
                }
                catch (NodException ex) when (ex.Kind == NodErrorKind.Unauthorized)
                {
                    break;   // secret rotated or agent deleted: this assistant is over
                }
                catch (NodException ex)
                {
                    LogRefused(logger, client.AgentId, update.Type, ex.Message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, client.AgentId, update.Type, ex);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (NodException)
        {
            // Nod stopped or the connection ended.
        }
        finally
        {
            onEnded();
        }
    }

    private Task HandleAsync(AgentFrame update, CancellationToken cancellationToken) => update switch
    {
        UserMessageFrame message => OnMessageAsync(message, cancellationToken),
        DecisionResolvedFrame resolved => OnResolvedAsync(resolved, cancellationToken),
        TaskDueFrame due when _runs.Add(due.RunId) => RunTaskAsync(due.RunId, due.TaskName, due.TaskPrompt, payload: null, cancellationToken),
        TaskTriggerFrame trigger when _runs.Add(trigger.RunId) => RunTaskAsync(trigger.RunId, trigger.TaskName, trigger.TaskPrompt, trigger.Payload.GetRawText(), cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task OnMessageAsync(UserMessageFrame message, CancellationToken cancellationToken)
    {
        var conversation = message.ConversationId;
        var text = message.Text ?? string.Empty;
        var keyword = Keywords.Select(k => k.Keyword).FirstOrDefault(k => ContainsWord(text, k));
        await ThinkAsync(conversation, cancellationToken, "Reading your message…", keyword is null ? "Thinking it over…" : $"Preparing the {keyword} demo…");
        switch (keyword)
        {
            case "help":
                await client.SendMessageAsync(HelpText(), conversation, cancellationToken);
                break;
            case "approval":
                await AskAsync(Approval(conversation), cancellationToken);
                break;
            case "choice":
                await AskAsync(Choice(conversation), cancellationToken);
                break;
            case "question":
                await AskAsync(Question(conversation), cancellationToken);
                break;
            case "permission":
                await AskAsync(Permission(conversation), cancellationToken);
                break;
            case "requests":
                foreach (var request in new[] { Approval(conversation), Choice(conversation), Question(conversation), Permission(conversation) })
                {
                    await AskAsync(request, cancellationToken);
                }

                break;
            case "report":
                await SendReportAsync(conversation, cancellationToken);
                break;
            case "alert":
                await SendAlertsAsync(conversation, cancellationToken);
                break;
            case "image":
                await client.SendMessageAsync(new MessageEvent
                {
                    Text = "Here is this week's chart: deploys per day.",
                    ImageBase64 = "data:image/png;base64," + Convert.ToBase64String(DemoImage.BarChart()),
                    ConversationId = conversation,
                }, cancellationToken);
                break;
            case "task":
                await StartDemoTaskAsync(conversation, cancellationToken);
                break;
            case "proposal":
                _asked[await client.ProposeTaskAsync(new TaskProposalEvent
                {
                    Title = "Send you a digest every weekday at 9:00?",
                    TaskName = "Morning digest",
                    TaskPrompt = "Summarize yesterday's deploys and incidents",
                    TaskSchedule = "0 9 * * 1-5",
                }, cancellationToken)] = "proposal";
                await client.SendMessageAsync("I proposed a task: approve it under **Requests** and it appears under **Tasks**.", conversation, cancellationToken);
                break;
            default:
                var echo = text.Length > MaxEcho ? text[..MaxEcho] + "…" : text;
                await client.SendMessageAsync(
                    $"You said:\n\n> {echo.Replace("\n", "\n> ", StringComparison.Ordinal)}\n\n" +
                    "I'm only a demo, so I can't do much with that — say **help** to see what I can show you.",
                    conversation, cancellationToken);
                break;
        }
    }

    /// <summary>The "Thinking…" phase: the bubble turns on, then heartbeats change its text.</summary>
    private async Task ThinkAsync(string? conversation, CancellationToken cancellationToken, params string[] steps)
    {
        await client.StartProcessingAsync(steps[0], conversation, cancellationToken);
        foreach (var step in steps.Skip(1))
        {
            await Task.Delay(stepDelay, time, cancellationToken);
            await client.HeartbeatAsync(step, conversation, cancellationToken);
        }

        await Task.Delay(stepDelay, time, cancellationToken);
    }

    private async Task AskAsync(DecisionEvent request, CancellationToken cancellationToken)
    {
        var pending = await client.RequestDecisionAsync(request, cancellationToken);
        _asked[pending.Id] = request.Kind!;
        await client.IdleAsync(request.ConversationId, cancellationToken);   // the card replaces the bubble
    }

    private static DecisionEvent Approval(string? conversation) => new()
    {
        Kind = "approval",
        Title = "Deploy v2.4.1 to staging?",
        Description = "All **128 tests** passed on `main`. The deploy takes about two minutes.",
        ConversationId = conversation,
    };

    private static DecisionEvent Choice(string? conversation) => new()
    {
        Kind = "choice",
        Title = "Which region should I roll out to first?",
        Description = "I roll out one region at a time. Pick one, or tell me another with *Other…*.",
        Options = ["us-east", "eu-west", "ap-south"],
        ConversationId = conversation,
    };

    private static DecisionEvent Question(string? conversation) => new()
    {
        Kind = "question",
        Title = "What should I call the release?",
        Description = "A short name for the changelog.",
        ConversationId = conversation,
    };

    private static DecisionEvent Permission(string? conversation) => new()
    {
        Kind = "permission",
        Title = "Allow: Bash(npm install left-pad)",
        Description = "I want to add a dependency to the web project.",
        Permission = "Bash(npm install left-pad)",
        AllowsAlways = true,
        AlwaysAllowLabel = "Always allow",
        AlwaysAllowOptions =
        [
            new AlwaysAllowOption("Bash(npm install left-pad)", "This exact command"),
            new AlwaysAllowOption("Bash(npm install *)", "Any npm install"),
        ],
        ConversationId = conversation,
    };

    private async Task OnResolvedAsync(DecisionResolvedFrame resolved, CancellationToken cancellationToken)
    {
        var kind = _asked.TryRemove(resolved.DecisionId, out var asked) ? asked : null;
        var by = resolved.ResolvedBy ?? "someone";
        var note = string.IsNullOrWhiteSpace(resolved.Note) ? string.Empty : $" — note: “{Clip(resolved.Note)}”";
        var reply = (resolved.Status, kind) switch
        {
            (DecisionStatus.Approved, _) when resolved.ResolvedBy == "rule" =>
                $"Allowed by your always-allow rule `{resolved.AlwaysAllowPattern}`: nobody had to be asked. Running it now.",
            (DecisionStatus.Approved, _) when resolved.AlwaysAllow =>
                $"Thanks {by}! Allowed, and I'll always be allowed `{resolved.AlwaysAllowPattern}` from now on (see **Settings → Always-allow rules**). Say **permission** again to see the rule at work.",
            (DecisionStatus.Approved, "proposal") => $"**Approved** by {by}: the task is created — see **Tasks**.",
            (DecisionStatus.Approved, _) => $"**Approved** by {by}{note}. Going ahead.",
            (DecisionStatus.Rejected, _) when resolved.ResolvedBy == "rule" => "A deny rule refused that: I won't do it.",
            (DecisionStatus.Rejected, _) => $"**Rejected** by {by}{note}. I won't do it.",
            (DecisionStatus.Responded, "choice") => $"{by} chose **{Clip(resolved.Note)}**. Starting there.",
            (DecisionStatus.Responded, _) => $"{by} answered: “{Clip(resolved.Note)}”. Thanks!",
            (DecisionStatus.Dismissed, _) => "Request dismissed — no problem.",
            (DecisionStatus.Expired, _) => "That request expired before anyone answered.",
            _ => $"Request {resolved.DecisionId} ended: {resolved.Status}.",
        };
        await client.SendMessageAsync(reply, resolved.ConversationId, cancellationToken);
    }

    private async Task SendReportAsync(string? conversation, CancellationToken cancellationToken)
    {
        await client.HeartbeatAsync("Collecting numbers…", conversation, cancellationToken);
        await Task.Delay(stepDelay, time, cancellationToken);
        await client.SendMessageAsync(new MessageEvent
        {
            ConversationId = conversation,
            ReportTitle = "Weekly report",
            ReportDescription = "3 deploys · 0 incidents · 128 tests",
            Text = """
                ## Summary
                A quiet week: **3 deploys**, no incidents, every test green.

                | Day | Deploys | Tests |
                |---|---|---|
                | Monday | 1 | 128 passed |
                | Wednesday | 1 | 128 passed |
                | Friday | 1 | 128 passed |

                ### Next week
                1. Roll out v2.5 to `eu-west`
                2. Retire the old build agents
                3. Review the [release checklist](https://example.com/checklist)

                > Generated by the Demo assistant.
                """,
        }, cancellationToken);
    }

    private async Task SendAlertsAsync(string? conversation, CancellationToken cancellationToken)
    {
        await client.AlertAsync("Running the tests", "dotnet test --no-build", cancellationToken: cancellationToken);
        await Task.Delay(stepDelay, time, cancellationToken);
        await client.AlertAsync("Tests passed", "128 passed, 0 failed", cancellationToken: cancellationToken);
        await Task.Delay(stepDelay, time, cancellationToken);
        await client.SendMessageAsync("I logged two alerts: while I worked they replaced my bubble text, and they are in the **Activity** feed.", conversation, cancellationToken);
    }

    /// <summary>Creates (once) an event task and runs it: the run's result becomes a task-result bubble.</summary>
    private async Task StartDemoTaskAsync(string? conversation, CancellationToken cancellationToken)
    {
        var task = (await client.GetTasksAsync(cancellationToken)).FirstOrDefault(t => t.Name == DemoTaskName)
            ?? await client.CreateTaskAsync(new CreateTaskRequest
            {
                Name = DemoTaskName,
                Prompt = "Count today's deploys and summarize them",
                Schedule = "event",
            }, cancellationToken);
        await client.SendMessageAsync(
            $"Running the task **{DemoTaskName}** now. It is an event task: see it under **Tasks**, where you can run it again or copy its trigger URL.",
            conversation, cancellationToken);
        var runId = await client.StartRunAsync(task.Id, cancellationToken);
        if (_runs.Add(runId))   // its task_due follows on the update stream: the run is not done twice
        {
            await RunTaskAsync(runId, task.Name, task.Prompt, payload: null, cancellationToken);
        }
    }

    private async Task RunTaskAsync(string runId, string name, string prompt, string? payload, CancellationToken cancellationToken)
    {
        var conversation = client.DefaultConversationId;
        await ThinkAsync(conversation, cancellationToken, $"Running {name}…", "Counting deploys…", "Writing the summary…");
        await client.AlertAsync($"Ran {name}", prompt, runId, cancellationToken);
        var result = $"**{name}** done: 3 deploys today, all green.";
        if (payload is not null)
        {
            result += $"\n\nTriggered with: `{Clip(payload)}`";
        }

        await client.CompleteRunAsync(runId, new CompleteRunRequest { Status = TaskRunStatus.Completed, Result = result }, cancellationToken);
        await client.IdleAsync(conversation, cancellationToken);
    }

    private static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsLetter(text[at - 1])) && (end == text.Length || !char.IsLetter(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static string Clip(string? text) =>
        text is null ? string.Empty : text.Length > MaxEcho ? text[..MaxEcho] + "…" : text.ReplaceLineEndings(" ");

    [LoggerMessage(10, LogLevel.Information, "Demo assistant {AgentId}: Nod refused a reaction to {UpdateType}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string agentId, string updateType, string detail);

    [LoggerMessage(11, LogLevel.Warning, "Demo assistant {AgentId} failed to handle {UpdateType}")]
    private static partial void LogFailed(ILogger logger, string agentId, string updateType, Exception exception);
}
