using System.Diagnostics;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace VotingApp.Hosting.LocalServers;

/// <summary>How a resource marked <c>WithHostProcessFallback()</c> runs in run mode.</summary>
public enum ServerMode
{
    /// <summary>Aspire's container when a container runtime answers, otherwise a host process (the default).</summary>
    Auto,

    /// <summary>Always Aspire's container; with no container runtime the AppHost stops at start with one line.</summary>
    Container,

    /// <summary>Always a host process, even when a container runtime answers.</summary>
    HostProcess,
}

/// <summary>
/// Reads <c>Hosting:ServerMode</c> (<c>auto</c> | <c>container</c> | <c>hostprocess</c>; environment
/// <c>Hosting__ServerMode</c>) and asks the container runtime whether it answers. The answer is decided once per AppHost.
/// </summary>
internal static class ServerModeSelector
{
    public const string ConfigurationKey = "Hosting:ServerMode";

    private static readonly Lock s_lock = new();
    private static (string Runtime, string? Problem)? s_probe;

    /// <summary>The mode for this run: <see cref="ServerMode.Container"/> or <see cref="ServerMode.HostProcess"/>.</summary>
    /// <exception cref="DistributedApplicationException">The setting is unknown, or containers are forced and no runtime answers.</exception>
    /// <param name="configuration">The AppHost's configuration.</param>
    /// <param name="reason">Why this mode: the setting, or what the container runtime answered.</param>
    public static ServerMode Resolve(IConfiguration configuration, out string reason)
    {
        var text = configuration[ConfigurationKey];
        var requested = string.IsNullOrWhiteSpace(text) ? ServerMode.Auto
            : Enum.TryParse<ServerMode>(text.Trim().Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) ? parsed
            : throw new DistributedApplicationException($"{ConfigurationKey} is '{text}'; use 'auto', 'container' or 'hostprocess'.");
        if (requested == ServerMode.HostProcess)
        {
            reason = $"{ConfigurationKey} is 'hostprocess'";
            return ServerMode.HostProcess;
        }
        var (runtime, problem) = ProbeContainerRuntime(configuration);
        reason = problem is null ? $"the container runtime '{runtime}' answers" : $"no container runtime answers: {problem}";
        if (problem is null)
        {
            return ServerMode.Container;
        }
        if (requested == ServerMode.Container)
        {
            throw new DistributedApplicationException(
                $"{ConfigurationKey} is 'container' but the container runtime '{runtime}' does not answer ({problem}). " +
                $"Start Docker or Podman, or run the servers as host processes: unset {ConfigurationKey} or set Hosting__ServerMode=hostprocess.");
        }
        return ServerMode.HostProcess;
    }

    /// <summary>
    /// Runs <c>docker info</c> (or <c>podman info</c>, as Aspire chooses through <c>ASPIRE_CONTAINER_RUNTIME</c>) with a
    /// 5 s limit. Aspire's own check happens later, inside DCP, and only logs a warning; by then the model is fixed.
    /// </summary>
    private static (string Runtime, string? Problem) ProbeContainerRuntime(IConfiguration configuration)
    {
        lock (s_lock)
        {
            return s_probe ??= Probe(configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker");
        }

        static (string, string?) Probe(string runtime)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                if (process is null)
                {
                    return (runtime, "it could not be started");
                }
                var error = process.StandardError.ReadToEndAsync();
                _ = process.StandardOutput.ReadToEndAsync();
                if (!process.WaitForExit(5_000))
                {
                    process.Kill(entireProcessTree: true);
                    return (runtime, $"'{runtime} info' did not answer within 5 s");
                }
                var firstLine = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
                return process.ExitCode == 0 ? (runtime, null) : (runtime, firstLine ?? $"'{runtime} info' exited with code {process.ExitCode}");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return (runtime, $"'{runtime}' is not installed");
            }
        }
    }
}
