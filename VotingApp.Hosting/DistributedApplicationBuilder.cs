using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VotingApp.Hosting.ApplicationModel;
using VotingApp.Hosting.Orchestration;
using VotingApp.Hosting.Testing;

namespace VotingApp.Hosting;

/// <summary>The builder behind <see cref="DistributedApplication.CreateBuilder(string[])"/>.</summary>
internal sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly HostApplicationBuilder _host;
    private readonly List<IResource> _resources = [];
    private readonly TestingHook? _testing;

    public DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        _testing = TestingHook.Current;
        CaptureOnBuild = _testing is not null;
        _testing?.Configure(options);
        Options = options;
        var args = options.Args ?? [];
        var appHostAssembly = _testing?.AppHostAssembly ?? Assembly.GetEntryAssembly();
        AppHostDirectory = options.AppHostDirectory
            ?? appHostAssembly?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value
            ?? Directory.GetCurrentDirectory();
        ExecutionContext = new DistributedApplicationExecutionContext(
            args.Length > 0 && args[0] == "publish" ? DistributedApplicationOperation.Publish : DistributedApplicationOperation.Run);

        _host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppHostDirectory,
            ApplicationName = appHostAssembly?.GetName().Name,
            EnvironmentName = System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? (ExecutionContext.IsRunMode ? Environments.Development : Environments.Production),
        });
        _testing?.ConfigureConfiguration(_host.Configuration);
        _host.Logging.ClearProviders();
        _host.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        _host.Logging.SetMinimumLevel(LogLevel.Warning);
        _testing?.ConfigureLogging(_host.Logging);

        var secretsPath = options.PersistGeneratedSecrets && ExecutionContext.IsRunMode
            ? Path.Combine(StateDirectory, "secrets.json")
            : null;
        Secrets = new GeneratedSecretStore(secretsPath);
    }

    internal DistributedApplicationOptions Options { get; }

    internal GeneratedSecretStore Secrets { get; }

    internal string StateDirectory => Path.Combine(AppHostDirectory, ".votingapp");

    /// <summary>Set by the testing builder: <see cref="Build"/> hands the builder over instead of building.</summary>
    internal bool CaptureOnBuild { get; set; }

    public ConfigurationManager Configuration => _host.Configuration;

    public IServiceCollection Services => _host.Services;

    public IHostEnvironment Environment => _host.Environment;

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public string AppHostDirectory { get; }

    public IReadOnlyList<IResource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Cannot add resource of type '{resource.GetType()}' with name '{resource.Name}' because resource of type '{_resources.First(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)).GetType()}' with that name already exists. Resource names are case-insensitive.");
        }
        _resources.Add(resource);
        return CreateResourceBuilder(resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => new ResourceBuilder<T>(resource, this);

    public DistributedApplication Build()
    {
        if (_testing is not null && CaptureOnBuild)
        {
            _testing.Capture(this);
        }
        Orchestrator.ValidateModel(_resources);
        return new DistributedApplication(this, _host.Build());
    }
}
