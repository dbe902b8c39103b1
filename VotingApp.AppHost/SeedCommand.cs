using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>The dashboard button a developer of this app reaches for first: fill the result page with the original's seed.</summary>
internal static class SeedCommand
{
    /// <summary>
    /// Adds "Seed 3,000 votes" to <paramref name="vote"/>'s commands in the dashboard (and <c>aspire</c> CLI): it starts
    /// <paramref name="seed"/> (explicit start; its default run is the original's seed, 1,000 a + 1,000 b + 1,000 a from
    /// 3,000 new voters), and is enabled while vote is healthy and the seed is not already running.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSeedCommand(this IResourceBuilder<ProjectResource> vote, IResourceBuilder<ProjectResource> seed) =>
        vote.WithCommand(
            name: "seed-votes",
            displayName: "Seed 3,000 votes",
            executeCommand: context => context.Services.GetRequiredService<ResourceCommandService>()
                .ExecuteCommandAsync(seed.Resource, KnownResourceCommands.StartCommand, context.CancellationToken),
            commandOptions: new CommandOptions
            {
                Description = "Starts the seed resource: the original app's 3,000 votes (2,000 a, 1,000 b) from 3,000 new voters.",
                IconName = "DatabasePlugConnected",
                UpdateState = context => context.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });
}
