using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace VotingApp.Hosting.Testing;

/// <summary>
/// Lets the testing builder run an AppHost's entry point and take the builder it creates, the way
/// Aspire.Hosting.Testing does: <c>CreateBuilder</c> applies test settings, and <c>Build()</c> hands the builder over
/// and unwinds the entry point instead of running the application.
/// </summary>
internal sealed class TestingHook(Assembly appHostAssembly, Action<DistributedApplicationOptions>? configureOptions, IReadOnlyDictionary<string, string?> configuration, Action<ILoggingBuilder>? configureLogging)
{
    private static readonly AsyncLocal<TestingHook?> s_current = new();
    private readonly TaskCompletionSource<DistributedApplicationBuilder> _captured = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TestingHook? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public Assembly AppHostAssembly { get; } = appHostAssembly;

    public Task<DistributedApplicationBuilder> Captured => _captured.Task;

    public void Configure(DistributedApplicationOptions options)
    {
        options.RandomizePorts = true;
        options.DisableDashboard = true;
        options.ReportToConsole = false;
        options.PersistGeneratedSecrets = false;
        configureOptions?.Invoke(options);
    }

    public void ConfigureConfiguration(ConfigurationManager manager) => manager.AddInMemoryCollection(configuration);

    public void ConfigureLogging(ILoggingBuilder logging) => configureLogging?.Invoke(logging);

    public void Capture(DistributedApplicationBuilder builder)
    {
        builder.CaptureOnBuild = false;
        _captured.TrySetResult(builder);
        throw new EntryPointCapturedException();
    }

    public void Fail(Exception exception) => _captured.TrySetException(exception);
}

/// <summary>Thrown inside the AppHost's entry point to stop it once the builder is captured.</summary>
internal sealed class EntryPointCapturedException : Exception
{
    public EntryPointCapturedException() : base("The testing builder took over the AppHost's builder.")
    {
    }
}
