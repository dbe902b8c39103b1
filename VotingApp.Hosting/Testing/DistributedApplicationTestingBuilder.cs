using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Testing;

/// <summary>A builder for tests, over the model an AppHost's entry point defines.</summary>
public interface IDistributedApplicationTestingBuilder : IDistributedApplicationBuilder
{
    /// <summary>Builds the application (ports randomized, no console output, no dashboard).</summary>
    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Starts an AppHost's model in a test, as Aspire.Hosting.Testing does:
/// <c>await DistributedApplicationTestingBuilder.CreateAsync&lt;Projects.VotingApp_AppHost&gt;()</c>.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>Runs the AppHost's entry point up to <c>Build()</c> and returns its builder.</summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(CancellationToken cancellationToken = default)
        where TEntryPoint : class =>
        CreateAsync<TEntryPoint>([], cancellationToken);

    /// <summary>Same, with AppHost arguments (e.g. <c>--Hosting:RedisServer=garnet</c>).</summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(string[] args, CancellationToken cancellationToken = default)
        where TEntryPoint : class =>
        CreateAsync(typeof(TEntryPoint), args, null, cancellationToken);

    /// <summary>Same, with extra configuration (applied after the AppHost's own) and logging setup.</summary>
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync(
        Type entryPoint,
        string[] args,
        TestingBuilderSettings? settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entryPoint);
        var assembly = ResolveAppHostAssembly(entryPoint);
        var main = assembly.EntryPoint ?? throw new InvalidOperationException($"Assembly '{assembly.GetName().Name}' has no entry point.");
        var hook = new TestingHook(assembly, settings?.ConfigureOptions, settings?.Configuration ?? new Dictionary<string, string?>(), settings?.ConfigureLogging);

        var previous = TestingHook.Current;
        TestingHook.Current = hook;
        try
        {
            var invocation = Task.Run(() =>
            {
                try
                {
                    var result = main.Invoke(null, main.GetParameters().Length == 0 ? null : [args]);
                    if (result is Task task)
                    {
                        task.GetAwaiter().GetResult();
                    }
                    hook.Fail(new InvalidOperationException($"The entry point of '{assembly.GetName().Name}' returned without calling Build()."));
                }
                catch (TargetInvocationException ex) when (ex.InnerException is EntryPointCapturedException)
                {
                    // expected: the builder was taken over
                }
                catch (EntryPointCapturedException)
                {
                    // expected
                }
                catch (TargetInvocationException ex)
                {
                    hook.Fail(ex.InnerException ?? ex);
                }
                catch (Exception ex)
                {
                    hook.Fail(ex);
                }
            }, cancellationToken);
            var builder = await hook.Captured.WaitAsync(cancellationToken).ConfigureAwait(false);
            await invocation.ConfigureAwait(false);
            return new TestingBuilder(builder);
        }
        finally
        {
            TestingHook.Current = previous;
        }
    }

    private static Assembly ResolveAppHostAssembly(Type entryPoint)
    {
        if (typeof(IProjectMetadata).IsAssignableFrom(entryPoint) && Activator.CreateInstance(entryPoint) is IProjectMetadata metadata)
        {
            return Assembly.Load(new AssemblyName(Path.GetFileNameWithoutExtension(metadata.ProjectPath)));
        }
        return entryPoint.Assembly;
    }

    private sealed class TestingBuilder(DistributedApplicationBuilder inner) : IDistributedApplicationTestingBuilder
    {
        public ConfigurationManager Configuration => inner.Configuration;

        public IServiceCollection Services => inner.Services;

        public IHostEnvironment Environment => inner.Environment;

        public DistributedApplicationExecutionContext ExecutionContext => inner.ExecutionContext;

        public string AppHostDirectory => inner.AppHostDirectory;

        public IReadOnlyList<IResource> Resources => inner.Resources;

        public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource => inner.AddResource(resource);

        public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => inner.CreateResourceBuilder(resource);

        public DistributedApplication Build() => inner.Build();

        public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default) => Task.FromResult(inner.Build());
    }
}

/// <summary>Extra settings for <see cref="DistributedApplicationTestingBuilder.CreateAsync(Type, string[], TestingBuilderSettings?, CancellationToken)"/>.</summary>
public sealed class TestingBuilderSettings
{
    /// <summary>Configuration added after the AppHost's own (e.g. <c>Hosting:RedisServer</c>).</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Changes the options the builder is created with.</summary>
    public Action<DistributedApplicationOptions>? ConfigureOptions { get; set; }

    /// <summary>Logging of the AppHost side (route to the test output).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
