using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// Where an application's logs go: the output of the test that is running now. A shared application outlives its tests,
/// so each test attaches its own output (<see cref="TestApp.AttachOutput"/>); lines written while no test is attached
/// are dropped.
/// </summary>
public sealed class TestOutputSink
{
    private ITestOutputHelper? _output;

    /// <summary>Every console line of every resource, as Aspire forwarded it: (resource name, text).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Resource, string Text)> ResourceLines { get; } = new();

    public void Attach(ITestOutputHelper? output) => Volatile.Write(ref _output, output);

    public void WriteLine(string line)
    {
        try
        {
            Volatile.Read(ref _output)?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // the test has finished; its output is closed
        }
    }
}

/// <summary>
/// Writes the testing host's logs to a <see cref="TestOutputSink"/>. Aspire.Hosting.Testing forwards every resource's
/// console to a logger named <c>{AppHost}.Resources.{resource}</c>; those lines are written as <c>resource| text</c>.
/// </summary>
public sealed class TestOutputLoggerProvider(TestOutputSink sink) : ILoggerProvider
{
    private const string ResourcesInfix = ".Resources.";

    public ILogger CreateLogger(string categoryName)
    {
        var index = categoryName.IndexOf(ResourcesInfix, StringComparison.Ordinal);
        return index >= 0
            ? new Logger(sink, categoryName[(index + ResourcesInfix.Length)..], isResource: true)
            : new Logger(sink, categoryName, isResource: false);
    }

    public void Dispose()
    {
    }

    private sealed class Logger(TestOutputSink sink, string prefix, bool isResource) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (isResource)
            {
                sink.ResourceLines.Enqueue((prefix, text));
            }
            var level = logLevel >= LogLevel.Warning ? $" [{logLevel}]" : string.Empty;
            sink.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {prefix}|{level} {text}{(exception is null ? string.Empty : "\n" + exception)}");
        }
    }
}
