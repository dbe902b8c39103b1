using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VotingApp.Hosting.LocalServers;

/// <summary>
/// Replaces, just before start, each resource marked by <c>WithHostProcessFallback()</c> with an executable resource of
/// the same name (run mode, <see cref="ServerMode.HostProcess"/> only).
/// </summary>
/// <remarks>
/// The replacement takes over the original's endpoint annotations (so the endpoint DCP allocates for the process is the
/// one the original's connection string and connection properties read) and its password parameter; every
/// <see cref="WaitAnnotation"/> and <see cref="ResourceRelationshipAnnotation"/> that pointed at the original points at
/// the replacement. The environment callbacks of <c>WithReference</c> keep the original object, whose expressions now
/// resolve through the shared endpoint. Health checks are registered when the fallback is declared (the service
/// provider is built by the time <see cref="BeforeStartEvent"/> runs) and resolve their connection string lazily.
/// </remarks>
internal static class HostProcessSwap
{
    private sealed class Registered;

    public static void Register(IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode || builder.Services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return;
        }
        builder.Services.AddSingleton<Registered>();
        FixedPortCheck.Register(builder);
        ServerMode mode;
        string reason;
        try
        {
            mode = ServerModeSelector.Resolve(builder.Configuration, out reason);
        }
        catch (DistributedApplicationException ex)
        {
            throw StartFailure.Report(builder, ex.Message);
        }
        if (mode != ServerMode.HostProcess)
        {
            return;
        }
        var servers = new ServerProcesses(builder, reason);
        builder.Eventing.Subscribe<BeforeStartEvent>((e, ct) => servers.ReplaceAsync(e, ct));
        // Health checks must be in the container before Build(); the ones for resources that turn out not to be
        // replaced are never run (no resource carries their key).
        builder.Services.AddHealthChecks();
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in servers.HealthChecks())
            {
                options.Registrations.Add(registration);
            }
        });
    }
}

/// <summary>Fails the AppHost at start with one line that says what to do.</summary>
internal static class StartFailure
{
    /// <summary>
    /// Run as a program (<c>dotnet run</c>, <c>aspire run</c>, F5): writes <c>error: message</c> to stderr and exits with
    /// code 1, without a stack trace. Hosted by Aspire.Hosting.Testing: returns the exception to throw, for the test.
    /// </summary>
    public static DistributedApplicationException Report(IDistributedApplicationBuilder builder, string message)
    {
        if (Assembly.GetEntryAssembly() == builder.AppHostAssembly)
        {
            Console.Error.WriteLine($"error: {message}");
            Environment.Exit(1);
        }
        return new DistributedApplicationException(message);
    }
}
