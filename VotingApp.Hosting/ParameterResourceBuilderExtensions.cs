using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting;

/// <summary><c>AddParameter</c>, as in Aspire: values come from configuration key <c>Parameters:&lt;name&gt;</c>.</summary>
public static class ParameterResourceBuilderExtensions
{
    /// <summary>A parameter read from <c>Parameters:&lt;name&gt;</c>.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ParameterResource(name, () => builder.Configuration[$"Parameters:{name}"], secret, generated: false));
    }

    /// <summary>A parameter with a default value used when <c>Parameters:&lt;name&gt;</c> is not set.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, string value, bool secret = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ParameterResource(name, () => builder.Configuration[$"Parameters:{name}"] ?? value, secret, generated: false));
    }

    /// <summary>
    /// A secret password: <c>Parameters:&lt;name&gt;</c> if set, otherwise generated (letters and digits, 24 characters)
    /// and, in run mode, kept between runs.
    /// </summary>
    internal static ParameterResource CreateGeneratedPassword(IDistributedApplicationBuilder builder, string name)
    {
        var store = (builder as DistributedApplicationBuilder)?.Secrets;
        return new ParameterResource(
            name,
            () => builder.Configuration[$"Parameters:{name}"]
                ?? store?.GetOrCreate(name, () => GeneratedSecretStore.NewPassword())
                ?? GeneratedSecretStore.NewPassword(),
            secret: true,
            generated: true);
    }
}
