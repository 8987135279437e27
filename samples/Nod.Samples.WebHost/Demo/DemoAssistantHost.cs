// DEMO ONLY. Keeps one "Demo assistant" per user running inside this process, so the web app is alive before anyone
// writes an agent: created at a user's first sign-in, restarted with the host (the agents live in the LiteDB file).
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nod;
using Nod.Model;
using Nod.Storage;

namespace Nod.Samples.WebHost.Demo;

/// <summary>Options of the demo assistants (configuration section <c>Demo</c>).</summary>
internal sealed class DemoAssistantOptions
{
    /// <summary>The pause between two "Thinking…" steps; real time, so that people can watch the bubble.</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(700);
}

/// <summary>
/// Starts, creates and stops the demo assistants. The host holds their credentials: a secret is only ever shown once,
/// so starting an existing assistant rotates its secret and connects with the new one (in process, no network).
/// </summary>
internal sealed partial class DemoAssistantHost(
    INodClientFactory nod,
    INodStore store,
    TimeProvider time,
    IOptions<DemoAssistantOptions> options,
    ILogger<DemoAssistantHost> logger) : IHostedService
{
    /// <summary>The name of every demo assistant.</summary>
    public const string AgentName = "Demo assistant";

    /// <summary>How the host recognizes its demo assistants in the store (an agent whose description is changed is left alone).</summary>
    public const string AgentDescription = "Runs inside the sample host (samples/Nod.Samples.WebHost/Demo). Say \"help\" in the chat.";

    private readonly ConcurrentDictionary<string, DemoAssistant> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Restarts the demo assistants already in the store (after a restart on the same LiteDB file).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var agent in await store.Agents.ListAsync(cancellationToken))
        {
            if (IsDemo(agent.Name, agent.Description))
            {
                await ResumeAsync(agent.Id, agent.OwnerId, cancellationToken);
            }
        }
    }

    /// <summary>Gives the user a running demo assistant: creates one at the first sign-in, or restarts one that stopped.</summary>
    public async Task EnsureForUserAsync(string userId, string displayName, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var user = nod.ForUser(userId, displayName);
            var existing = (await user.GetAgentsAsync(cancellationToken))
                .FirstOrDefault(a => a.OwnerId == userId && IsDemo(a.Name, a.Description));
            if (existing is not null)
            {
                if (!_running.ContainsKey(existing.Id))
                {
                    await ResumeAsync(existing.Id, userId, cancellationToken);
                }

                return;
            }

            var created = await user.CreateAgentAsync(
                new CreateAgentRequest { Name = AgentName, Description = AgentDescription, Type = AgentType.Interactive }, cancellationToken);
            var assistant = await StartAssistantAsync(created.AgentId, created.Secret, cancellationToken);
            await assistant.GreetAsync(displayName, cancellationToken);
            LogCreated(logger, created.AgentId, userId);
        }
        catch (NodException ex)
        {
            // Sign-in goes on without a demo assistant rather than failing.
            LogFailed(logger, userId, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values.Select(a => a.StopAsync()));
        _running.Clear();
    }

    private static bool IsDemo(string name, string? description) =>
        name == AgentName && description == AgentDescription;

    private async Task ResumeAsync(string agentId, string ownerId, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await nod.ForUser(ownerId, "Sample host").RotateSecretAsync(agentId, cancellationToken);
            await StartAssistantAsync(agentId, secret, cancellationToken);
            LogResumed(logger, agentId, ownerId);
        }
        catch (NodException ex)
        {
            LogFailed(logger, ownerId, ex.Message);
        }
    }

    private async Task<DemoAssistant> StartAssistantAsync(string agentId, string secret, CancellationToken cancellationToken)
    {
        var client = await nod.ConnectAgentAsync(agentId, secret, cancellationToken);
        DemoAssistant? assistant = null;
        assistant = new DemoAssistant(client, time, options.Value.StepDelay, logger,
            onEnded: () => _running.TryRemove(new KeyValuePair<string, DemoAssistant>(agentId, assistant!)), _stopping.Token);
        _running[agentId] = assistant;
        assistant.Start();
        return assistant;
    }

    [LoggerMessage(20, LogLevel.Information, "Demo assistant {AgentId} created for user {UserId}")]
    private static partial void LogCreated(ILogger logger, string agentId, string userId);

    [LoggerMessage(21, LogLevel.Information, "Demo assistant {AgentId} of user {UserId} restarted")]
    private static partial void LogResumed(ILogger logger, string agentId, string userId);

    [LoggerMessage(22, LogLevel.Warning, "No demo assistant for user {UserId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string userId, string reason);
}

/// <summary>Registration of the demo assistants.</summary>
internal static class DemoAssistantServiceCollectionExtensions
{
    /// <summary>DEMO ONLY: a "Demo assistant" for every user who signs in (see <see cref="DemoAssistantHost"/>).</summary>
    public static IServiceCollection AddDemoAssistants(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoAssistantOptions>(configuration.GetSection("Demo"));
        services.AddSingleton<DemoAssistantHost>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoAssistantHost>());   // after AddNod(): starts after Nod, stops before it
        return services;
    }
}
