using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nod.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Keeps every log entry written through it, so tests can read what the host told its operator: add it to a host's
/// logging (<c>builder.Logging.AddProvider(recorder)</c>) or hand <see cref="CreateLogger"/>'s logger to the code under test.
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Everything logged so far, in order.</summary>
    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <summary>The entries with event id <paramref name="eventId"/>.</summary>
    public IReadOnlyList<LogEntry> WithEventId(int eventId) => [.. _entries.Where(e => e.EventId.Id == eventId)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception)));
    }
}

/// <summary>One entry a <see cref="LogRecorder"/> kept.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message);
