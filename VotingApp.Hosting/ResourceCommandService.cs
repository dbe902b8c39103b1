using VotingApp.Hosting.Orchestration;

namespace VotingApp.Hosting;

/// <summary>Command names, as Aspire's dashboard commands (plus <c>resource-kill</c> for fault tests).</summary>
public static class KnownResourceCommands
{
    /// <summary>Start a stopped or explicit-start resource.</summary>
    public const string Start = "resource-start";

    /// <summary>Stop gracefully.</summary>
    public const string Stop = "resource-stop";

    /// <summary>Stop, then start.</summary>
    public const string Restart = "resource-restart";

    /// <summary>SIGKILL the resource's processes, as a crash would; the command returns once they have exited.</summary>
    public const string Kill = "resource-kill";
}

/// <summary>Runs commands against resources of a running application.</summary>
public sealed class ResourceCommandService
{
    private readonly Func<Orchestrator?> _orchestrator;

    internal ResourceCommandService(Func<Orchestrator?> orchestrator) => _orchestrator = orchestrator;

    /// <summary>Executes <paramref name="commandName"/> (see <see cref="KnownResourceCommands"/>) on <paramref name="resourceName"/>.</summary>
    public async Task ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken = default)
    {
        var orchestrator = _orchestrator() ?? throw new InvalidOperationException("The application is not running.");
        switch (commandName)
        {
            case KnownResourceCommands.Start:
                await orchestrator.StartResourceAsync(resourceName, cancellationToken).ConfigureAwait(false);
                break;
            case KnownResourceCommands.Stop:
                await orchestrator.StopResourceAsync(resourceName).ConfigureAwait(false);
                break;
            case KnownResourceCommands.Restart:
                await orchestrator.StopResourceAsync(resourceName).ConfigureAwait(false);
                await orchestrator.StartResourceAsync(resourceName, cancellationToken).ConfigureAwait(false);
                break;
            case KnownResourceCommands.Kill:
                await orchestrator.KillResourceAsync(resourceName, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentException($"Unknown command '{commandName}'.", nameof(commandName));
        }
    }
}
