using System.Globalization;
using System.Text;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// Writes <c>docker-compose.yaml</c> and <c>.env.example</c>: one network per tier (tiers without an external
/// endpoint are <c>internal</c>), healthchecks that work inside each image, <c>depends_on</c> from <c>WaitFor</c>
/// (<c>WaitForCompletion</c>: <c>service_completed_successfully</c>, the awaited service run once with
/// <c>restart: "no"</c>), and the same hardening on every service. Secrets are <c>${NAME:?…}</c> placeholders filled
/// from <c>.env</c>.
/// </summary>
internal static class ComposePublisher
{
    public const string ComposeFileName = "docker-compose.yaml";
    public const string EnvExampleFileName = ".env.example";

    /// <summary>dclint's <c>service-keys-order</c>; other keys follow in ordinal order.</summary>
    private static readonly string[] s_serviceKeyOrder =
    [
        "image", "build", "container_name", "depends_on", "volumes", "volumes_from", "configs", "secrets", "environment", "env_file",
        "ports", "networks", "network_mode", "extra_hosts", "command", "entrypoint", "working_dir", "restart", "healthcheck",
        "logging", "labels", "user", "isolation",
    ];

    /// <summary>The documented one-liner that creates <c>.env</c> with fresh random secrets.</summary>
    public static string GenerateEnvCommand(DeploymentModel model)
    {
        var format = string.Concat(model.SecretParameters.Select(p => $"{DeploymentModel.EnvironmentName(p)}=%s\\n"));
        var values = string.Join(' ', model.SecretParameters.Select(_ => "\"$(openssl rand -hex 24)\""));
        return $"printf '{format}' {values} > .env";
    }

    public static IReadOnlyDictionary<string, string> Publish(DeploymentModel model, PublishOptions options) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ComposeFileName] = ComposeFile(model, options),
            [EnvExampleFileName] = EnvExample(model),
        };

    private static string ComposeFile(DeploymentModel model, PublishOptions options)
    {
        var root = new YamlMap { KeyOrder = ["name", "services", "networks", "volumes"] };
        root.Add("name", model.Name);

        var networks = root.Map("networks");
        foreach (var tier in model.Services.SelectMany(s => s.Networks).Distinct(StringComparer.Ordinal))
        {
            var network = networks.Map(tier);
            if (!model.Services.Any(s => s.Tier == tier && s.IsExternal))
            {
                network.Add("internal", true);
            }
        }

        var services = root.Map("services");
        var volumes = root.Map("volumes");
        foreach (var service in model.Services)
        {
            services.Add(service.Name, Service(model, service, options, volumes));
        }

        var header = new StringBuilder()
            .Append("# Generated from the AppHost model; do not edit. Regenerate with:\n")
            .Append("#   ").Append(options.RegenerateCommand).Append('\n')
            .Append("# Secrets come from .env (see .env.example):\n")
            .Append("#   ").Append(GenerateEnvCommand(model)).Append('\n')
            .Append("# Start: docker compose up -d\n");
        foreach (var tool in model.Services.Where(s => s.ExplicitStart))
        {
            header.Append("# Run ").Append(tool.Name).Append(": docker compose --profile ").Append(tool.Name).Append(" run --rm ").Append(tool.Name).Append('\n');
        }
        return header + YamlWriter.Write(root, sortKeys: true);
    }

    private static YamlMap Service(DeploymentModel model, DeployedService service, PublishOptions options, YamlMap volumes)
    {
        var map = new YamlMap { KeyOrder = s_serviceKeyOrder };
        map.Add("image", $"${{{ImageVariable(service)}:-{service.Image.FullName}}}");
        map.Add("user", $"{service.RunAs.User}:{service.RunAs.Group}");
        map.Add("read_only", true);
        map.Seq("cap_drop").Add("ALL");
        map.Seq("security_opt").Add("no-new-privileges:true");
        // a tool and a one-shot run exit when done: restarting them would run them again and again
        map.Add("restart", service.ExplicitStart || service.IsOneShot ? "no" : "unless-stopped");
        var tmpfs = map.Seq("tmpfs").Add("/tmp");

        var resources = map.Map("deploy").Map("resources");
        resources.Map("limits").Add("cpus", Cpus(service.Compute.CpuLimit)).Add("memory", Memory(service.Compute.MemoryLimit));
        resources.Map("reservations").Add("cpus", Cpus(service.Compute.CpuRequest)).Add("memory", Memory(service.Compute.MemoryRequest));

        var networks = map.Seq("networks");
        foreach (var network in service.Networks)
        {
            networks.Add(network);
        }

        if (service.IsExternal && service.HostPort is { } hostPort && service.ContainerPort is { } containerPort)
        {
            map.Seq("ports").Add(YamlNode.SingleQuoted($"127.0.0.1:{hostPort}:{containerPort}"));
        }
        else if (service.ContainerPort is { } port)
        {
            map.Seq("expose").Add(YamlNode.SingleQuoted(port.ToString(CultureInfo.InvariantCulture)));
        }

        if (service.Waits.Count > 0)
        {
            var dependsOn = map.Map("depends_on");
            foreach (var wait in service.Waits)
            {
                dependsOn.Map(wait.Service).Add("condition", wait.Type switch
                {
                    WaitType.WaitUntilHealthy => model[wait.Service].ExplicitStart ? "service_started" : "service_healthy",
                    WaitType.WaitForCompletion => "service_completed_successfully",
                    _ => "service_started",
                });
            }
        }
        if (service.ExplicitStart)
        {
            map.Seq("profiles").Add(service.Name);
        }

        var environment = map.Map("environment");
        switch (service.Kind)
        {
            case ServiceKind.Redis:
                // redis-cli reads REDISCLI_AUTH; the server reads it through a config file, so the password is in no command line.
                map.Seq("command").Add("sh").Add("-c").Add(RedisStart.Script(service).Replace("$", "$$", StringComparison.Ordinal));
                if (service.PasswordParameter is { } password)
                {
                    environment.Add("REDISCLI_AUTH", Secret(password));
                }
                Healthcheck(map, new YamlSeq().Add("CMD-SHELL").Add("redis-cli -h 127.0.0.1 ping | grep -q PONG"), "5s");
                map.Seq("volumes").Add($"{service.Name}-data:/data");
                volumes.Map($"{service.Name}-data");
                break;
            case ServiceKind.Postgres:
                environment.Add("POSTGRES_USER", service.UserName!);
                // explicit, inside the volume: the images' default moved in PostgreSQL 18 (/var/lib/postgresql/18/docker)
                environment.Add("PGDATA", "/var/lib/postgresql/data/pgdata");
                environment.Add("POSTGRES_PASSWORD", Secret(service.PasswordParameter!));
                if (service.DatabaseName is { } database)
                {
                    environment.Add("POSTGRES_DB", database);
                }
                tmpfs.Add("/var/run/postgresql");
                Healthcheck(map, new YamlSeq().Add("CMD").Add("pg_isready").Add("-h").Add("127.0.0.1").Add("-U").Add(service.UserName!)
                    .Add("-d").Add(service.DatabaseName ?? "postgres"), "10s");
                map.Seq("volumes").Add($"{service.Name}-data:/var/lib/postgresql/data");
                volumes.Map($"{service.Name}-data");
                break;
            default:
                environment.Add("DOTNET_ENVIRONMENT", options.DotnetEnvironment);
                foreach (var (key, value) in service.Environment)
                {
                    environment.Add(key, value.Render(l => l.Replace("$", "$$", StringComparison.Ordinal), Secret));
                }
                if (service.HealthPath is { } path && service.ContainerPort is { } listen)
                {
                    // Chiseled images have no shell or curl: the service probes itself (see docs/deploy.md).
                    Healthcheck(map, new YamlSeq().Add("CMD").Add($"/app/{service.AssemblyName}").Add("--healthcheck")
                        .Add($"{service.Scheme}://127.0.0.1:{listen}{path}"), "20s");
                }
                break;
        }
        return map;
    }

    private static void Healthcheck(YamlMap service, YamlSeq test, string startPeriod)
    {
        var check = service.Map("healthcheck");
        check.Add("test", test);
        check.Add("interval", "10s");
        check.Add("timeout", "3s");
        check.Add("retries", 5);
        check.Add("start_period", startPeriod);
        check.Add("start_interval", "2s");
    }

    private static string Secret(string parameter)
    {
        var name = DeploymentModel.EnvironmentName(parameter);
        return $"${{{name}:?{name} is not set: create .env as .env.example says}}";
    }

    private static string ImageVariable(DeployedService service) => $"{DeploymentModel.EnvironmentName(service.Name)}_IMAGE";

    /// <summary>Kubernetes CPU (<c>500m</c>, <c>1</c>) to compose (<c>0.5</c>).</summary>
    internal static string Cpus(string quantity) => quantity.EndsWith('m')
        ? (decimal.Parse(quantity[..^1], CultureInfo.InvariantCulture) / 1000m).ToString("0.###", CultureInfo.InvariantCulture)
        : decimal.Parse(quantity, CultureInfo.InvariantCulture).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Kubernetes memory (<c>256Mi</c>, <c>1Gi</c>) to compose (<c>256M</c>, <c>1G</c>).</summary>
    internal static string Memory(string quantity) => quantity.EndsWith("i", StringComparison.Ordinal) ? quantity[..^1] : quantity;

    private static string EnvExample(DeploymentModel model)
    {
        var text = new StringBuilder()
            .Append("# Copy to .env and fill in, or create .env with fresh random values in one go:\n")
            .Append("#   ").Append(GenerateEnvCommand(model)).Append('\n')
            .Append("# .env is git-ignored. Never commit real values.\n\n")
            .Append("# Secrets (required)\n");
        foreach (var secret in model.SecretParameters)
        {
            text.Append("# Parameter ").Append(secret).Append('\n').Append(DeploymentModel.EnvironmentName(secret)).Append("=\n");
        }
        text.Append("\n# Optional: images (defaults shown)\n");
        foreach (var service in model.Services)
        {
            text.Append("# ").Append(ImageVariable(service)).Append('=').Append(service.Image.FullName).Append('\n');
        }
        return text.ToString();
    }
}
