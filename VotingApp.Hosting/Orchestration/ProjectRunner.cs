using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>
/// Runs a .NET project, one process per replica: its Native AOT executable when the AppHost's build made one
/// (<see cref="IProjectMetadata.ExecutablePath"/>), otherwise its build output on the JIT (<c>dotnet &lt;TargetPath&gt;</c>).
/// </summary>
internal sealed class ProjectRunner(ProjectResource project, OrchestratorContext context) : ResourceRunner(project, context)
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly List<Replica> _replicas = [];
    // what PrepareAsync decided to start: the native executable, or dotnet with the assembly as its first argument
    private string _executable = string.Empty;
    private string[] _leadingArgs = [];
    private TcpProxy? _proxy;

    private sealed record Replica(string Id, int Port, ManagedProcess Process);

    public override bool HasHealthChecks => project.Annotations.OfType<HttpHealthCheckAnnotation>().Any();

    public override string? RuntimeDescription => _leadingArgs.Length == 0 ? "Native AOT" : ".NET (JIT)";

    public override ProcessLaunch? Launch => _replicas.FirstOrDefault()?.Process.Launch;

    public override IReadOnlyList<int> ProcessIds => [.. _replicas.Where(r => !r.Process.HasExited).Select(r => r.Process.Pid)];

    private int ReplicaCount => project.Annotations.TryGetLast<ReplicaAnnotation>(out var r) ? r.Replicas : 1;

    private EndpointAnnotation? HttpEndpoint => project.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme is "http" or "https");

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        var native = project.Metadata.ExecutablePath;
        if (native is not null)
        {
            if (!File.Exists(native))
            {
                throw new DistributedApplicationException(
                    $"{Path.GetFileNameWithoutExtension(project.Metadata.ProjectPath)} has no Native AOT executable ('{native}' is missing). " +
                    "Build the AppHost again in Release, or run on the JIT with -p:VotingAppRunNativeAot=false");
            }
            (_executable, _leadingArgs) = (native, []);
            return Task.CompletedTask;
        }
        var target = project.Metadata.TargetPath;
        if (!File.Exists(target))
        {
            throw new DistributedApplicationException(
                $"{Path.GetFileNameWithoutExtension(project.Metadata.ProjectPath)} is not built ('{target}' is missing). " +
                $"Build it: dotnet build \"{project.Metadata.ProjectPath}\"");
        }
        (_executable, _leadingArgs) = (ExecutableFinder.FindDotnet(), [target]);
        return Task.CompletedTask;
    }

    public override async Task<Task<int>> StartAsync(CancellationToken cancellationToken)
    {
        _replicas.Clear();
        var endpoint = HttpEndpoint;
        var useProxy = endpoint is not null && ReplicaCount > 1;
        var baseEnvironment = await EnvironmentBuilder.BuildAsync(project, Context.ExecutionContext, cancellationToken).ConfigureAwait(false);
        var args = await EnvironmentBuilder.BuildArgsAsync(project, cancellationToken).ConfigureAwait(false);
        var workingDirectory = Path.GetDirectoryName(project.Metadata.ProjectPath)!;
        if (!Directory.Exists(workingDirectory))
        {
            workingDirectory = Path.GetDirectoryName(project.Metadata.TargetPath)!;
        }

        for (var i = 0; i < ReplicaCount; i++)
        {
            var replicaId = ReplicaCount == 1 ? project.Name : $"{project.Name}-{i}";
            var environment = new Dictionary<string, string?>(baseEnvironment, StringComparer.Ordinal);
            var port = 0;
            if (endpoint?.AllocatedEndpoint is { } allocated)
            {
                port = useProxy ? PortAllocator.GetFreePort() : allocated.Port;
                environment["ASPNETCORE_URLS"] = $"{endpoint.UriScheme}://localhost:{port.ToString(CultureInfo.InvariantCulture)}";
            }
            environment["OTEL_SERVICE_NAME"] = project.Name;
            environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={replicaId}";
            AddOtlpEnvironment(environment);
            var process = await ManagedProcess.StartAsync(
                _executable,
                [.. _leadingArgs, .. args],
                workingDirectory,
                environment,
                project.Name,
                Context.Logs).ConfigureAwait(false);
            _replicas.Add(new Replica(replicaId, port, process));
        }

        if (useProxy && _proxy is null)
        {
            _proxy = new TcpProxy(endpoint!.AllocatedEndpoint!.Port, () => [.. _replicas.Where(r => !r.Process.HasExited).Select(r => r.Port)]);
        }
        return WhenAllExited();
    }

    /// <summary>
    /// Aspire's OTLP variables, when the AppHost is given a collector through <c>ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL</c>
    /// (gRPC, preferred) or <c>ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c> (HTTP/protobuf; the run-mode dashboard itself
    /// receives there, with its API key in <c>OTEL_EXPORTER_OTLP_HEADERS</c>), plus the Development-only short export
    /// intervals and always-on sampling. Variables the project already sets are left alone.
    /// </summary>
    private void AddOtlpEnvironment(Dictionary<string, string?> environment)
    {
        var configuration = Context.Configuration;
        var grpc = configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] ?? configuration["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"];
        var http = configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] ?? configuration["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"];
        // a gRPC collector named in the configuration wins; then the dashboard's own receiver; then an HTTP collector
        var (endpoint, protocol, apiKey) = !string.IsNullOrWhiteSpace(grpc) ? (grpc, "grpc", null)
            : Context.DashboardOtlp is { } dashboard ? (dashboard.Endpoint.ToString().TrimEnd('/'), "http/protobuf", dashboard.ApiKey)
            : !string.IsNullOrWhiteSpace(http) ? (http, "http/protobuf", (string?)null)
            : (null, null, null);
        if (endpoint is null)
        {
            return;
        }
        environment.TryAdd("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        environment.TryAdd("OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
        if (apiKey is not null)
        {
            environment.TryAdd("OTEL_EXPORTER_OTLP_HEADERS", $"{Dashboard.DashboardOptions.OtlpApiKeyHeader}={apiKey}");
        }
        if (string.Equals(Context.EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase))
        {
            environment.TryAdd("OTEL_BSP_SCHEDULE_DELAY", "1000");
            environment.TryAdd("OTEL_BLRP_SCHEDULE_DELAY", "1000");
            environment.TryAdd("OTEL_METRIC_EXPORT_INTERVAL", "1000");
            environment.TryAdd("OTEL_TRACES_SAMPLER", "always_on");
        }
    }

    private async Task<int> WhenAllExited()
    {
        var codes = await Task.WhenAll(_replicas.Select(r => r.Process.Exited)).ConfigureAwait(false);
        return codes.FirstOrDefault(c => c != 0);
    }

    public override async Task StopAsync()
    {
        await Task.WhenAll(_replicas.Select(r => r.Process.StopAsync(NativeMethods.SIGTERM, TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync().ConfigureAwait(false);
            _proxy = null;
        }
    }

    public override void Kill()
    {
        foreach (var replica in _replicas)
        {
            replica.Process.Kill();
        }
    }

    public override async Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken)
    {
        foreach (var check in project.Annotations.OfType<HttpHealthCheckAnnotation>())
        {
            var endpoint = project.Annotations.OfType<EndpointAnnotation>().First(e => e.Name == check.EndpointName);
            foreach (var replica in _replicas)
            {
                if (replica.Process.HasExited)
                {
                    return HealthCheckResult.Unhealthy($"{replica.Id} has exited");
                }
                var url = $"{endpoint.UriScheme}://localhost:{replica.Port.ToString(CultureInfo.InvariantCulture)}{check.Path}";
                try
                {
                    using var response = await s_http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                    if ((int)response.StatusCode != check.StatusCode)
                    {
                        return HealthCheckResult.Unhealthy($"{replica.Id}: GET {check.Path} answered {(int)response.StatusCode}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return HealthCheckResult.Unhealthy($"{replica.Id}: GET {check.Path} failed ({ex.GetType().Name})");
                }
            }
        }
        return HealthCheckResult.Healthy();
    }
}
