using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// The server's log as tests see it: warnings and errors of every category, and the protocol's information entries
/// about refused input, each with the correlation id of the request it was written under. (The per-request
/// "responded" line is left out, so a server shared by many tests keeps little.)
/// </summary>
[ProviderAlias(Alias)]
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    public const string Alias = "Capture";

    public const string RequestLog = "Tessera.Server.RequestLog";

    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>The entries written while handling the request of <paramref name="correlationId"/>.</summary>
    /// <summary>The entries at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<LogEntry> AtLeast(LogLevel level) => [.. _entries.Where(e => e.Level >= level)];

    public IReadOnlyList<LogEntry> For(string correlationId) => [.. _entries.Where(e => e.CorrelationId == correlationId)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private string? CorrelationId()
    {
        string? id = null;
        _scopes?.ForEachScope((scope, _) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "CorrelationId").Value is string value)
            {
                id = value;
            }
        }, (object?)null);
        return id;
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Warning && !(category == RequestLog && eventId.Name != "LogRequest"))
            {
                return;
            }
            capture._entries.Enqueue(new LogEntry(logLevel, category, eventId.Name, formatter(state, exception), exception, capture.CorrelationId()));
        }
    }
}

public sealed record LogEntry(LogLevel Level, string Category, string? EventName, string Message, Exception? Exception, string? CorrelationId);
