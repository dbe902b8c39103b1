namespace VotingApp.Hosting.Publishing;

/// <summary>Which deployment the output is tuned for.</summary>
internal enum DeploymentEnvironment
{
    /// <summary>Development: <c>DOTNET_ENVIRONMENT=Development</c>.</summary>
    Dev,

    /// <summary>Production (default).</summary>
    Prod,
}

/// <summary>What a publisher writes for: the services' environment, and the command that regenerates the output (its header).</summary>
internal sealed record PublishOptions(DeploymentEnvironment Environment, string RegenerateCommand)
{
    /// <summary>The command the AppHost's publish step runs (<c>aspire publish -o deploy</c> runs the same).</summary>
    public const string DefaultRegenerateCommand =
        "dotnet run --project VotingApp.AppHost --no-launch-profile -- --operation publish --step publish --output-path \"$PWD/deploy\"";

    public static PublishOptions Default { get; } = new(DeploymentEnvironment.Prod, DefaultRegenerateCommand);

    /// <summary>The .NET environment name services run under.</summary>
    public string DotnetEnvironment => Environment == DeploymentEnvironment.Dev ? "Development" : "Production";
}

/// <summary>The Redis server's start: the password goes from the environment into a config file, never onto a command line.</summary>
internal static class RedisStart
{
    /// <summary>
    /// A <c>sh -c</c> script (the official images have sh and sed): writes <c>requirepass "…"</c> (with <c>\</c> and
    /// <c>"</c> escaped, as Redis's config parser reads them) to a file on the <c>/tmp</c> tmpfs, readable by the
    /// server's user only, then execs the server on it. <c>redis-cli</c> reads the same <c>REDISCLI_AUTH</c>.
    /// </summary>
    public static string Script(DeployedService service)
    {
        var durability = service.DurableAppendOnlyFile ? " --appendonly yes --appendfsync always" : string.Empty;
        var password = service.PasswordParameter is null ? string.Empty
            : "printf 'requirepass \"%s\"\\n' \"$(printf '%s' \"$REDISCLI_AUTH\" | sed 's/[\\\\\"]/\\\\&/g')\" > /tmp/redis.conf && ";
        var config = service.PasswordParameter is null ? string.Empty : " /tmp/redis.conf";
        return $"umask 077 && {password}exec redis-server{config}{durability} --dir /data";
    }
}
