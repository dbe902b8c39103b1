namespace VotingApp.Hosting.Publishing;

/// <summary>The app model seen by publishers: services, their wiring, and the secrets they need (never their values).</summary>
internal sealed record DeploymentModel(string Name, IReadOnlyList<DeployedService> Services, IReadOnlyList<string> SecretParameters)
{
    /// <summary>The service called <paramref name="name"/>.</summary>
    public DeployedService this[string name] => Services.Single(s => s.Name == name);

    /// <summary>Services that connect to <paramref name="service"/> (its clients, from the model's references).</summary>
    public IEnumerable<DeployedService> ClientsOf(DeployedService service) =>
        Services.Where(s => s.Edges.Any(e => e.Target == service.Name));

    /// <summary>Environment name of a parameter: <c>cache-password</c> → <c>CACHE_PASSWORD</c>.</summary>
    public static string EnvironmentName(string name) => name.ToUpperInvariant().Replace('-', '_');
}
