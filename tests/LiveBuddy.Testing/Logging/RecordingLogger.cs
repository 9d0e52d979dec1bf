using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.Logging;

/// <summary>
/// Keeps every formatted log line (with its exception text), so a test can check what reached the logs, e.g. that no
/// secret did. <see cref="For{T}"/> gives a typed logger writing into the same record.
/// </summary>
public sealed class RecordingLogger : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string All => string.Join('\n', _lines);

    public ILogger<T> For<T>() => new Typed<T>(this);

    public ILogger CreateLogger(string categoryName) => new Typed<object>(this);

    public void Dispose()
    {
    }

    private sealed class Typed<T>(RecordingLogger owner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel}: {formatter(state, exception)}";
            if (state is IEnumerable<KeyValuePair<string, object?>> fields)
                line += " {" + string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}")) + "}";
            if (exception is not null) line += " " + exception;
            owner._lines.Enqueue(line);
        }
    }
}
