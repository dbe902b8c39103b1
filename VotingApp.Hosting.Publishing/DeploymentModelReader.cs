using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// Turns Aspire's app model into a <see cref="DeploymentModel"/>: runs the environment callbacks in publish mode and
/// walks every value structurally (<see cref="ReferenceExpression"/>, endpoint references, connection strings):
/// endpoints become service DNS names and container ports, secret parameters stay named placeholders (their values
/// are never read), and a secret is never spliced into a longer value (see <see cref="Unsplice"/>).
/// </summary>
internal static partial class DeploymentModelReader
{
    /// <summary>Port .NET projects listen on in a container (the SDK images' <c>HTTP_PORTS</c>).</summary>
    public const int ProjectContainerPort = 8080;

    /// <summary>The <c>app</c> user of the .NET images.</summary>
    public const int DotnetAppUser = 1654;

    /// <summary>Npgsql reads the password from here when the connection string has none.</summary>
    public const string PostgresPasswordVariable = "PGPASSWORD";

    public static async Task<DeploymentModel> ReadAsync(string name, IEnumerable<IResource> resources, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken = default)
    {
        var all = resources.ToList();
        var passwordOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in all)
        {
            switch (resource)
            {
                case RedisResource { PasswordParameter: { } p } redis:
                    passwordOwners[p.Name] = redis.Name;
                    break;
                case PostgresServerResource postgres:
                    passwordOwners[postgres.PasswordParameter.Name] = postgres.Name;
                    break;
            }
        }

        var services = new List<DeployedService>();
        var secrets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in all.Where(IsPublished).OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var service = await ReadServiceAsync(resource, all, passwordOwners, executionContext, cancellationToken).ConfigureAwait(false);
            foreach (var (_, value) in service.Environment)
            {
                foreach (var segment in value.Segments.Where(s => s.SecretParameter is not null))
                {
                    secrets.Add(segment.SecretParameter!);
                }
            }
            if (service.PasswordParameter is { } password)
            {
                secrets.Add(password);
            }
            services.Add(service);
        }
        return new DeploymentModel(name, services, [.. secrets]);
    }

    /// <summary>What becomes a service: projects and the two servers (a database is part of its server).</summary>
    public static bool IsPublished(IResource resource) => resource is ProjectResource or RedisResource or PostgresServerResource;

    private static async Task<DeployedService> ReadServiceAsync(IResource resource, IReadOnlyList<IResource> all,
        Dictionary<string, string> passwordOwners, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var tier = TierOf(resource);
        var references = resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(a => a.Type == "Reference")
            .Select(a => ServiceOf(a.Resource))
            .Where(IsPublished)
            .Distinct()
            .ToList();
        var networks = references.Select(TierOf).Append(tier).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var edges = references
            .Select(r => new ServiceEdge(r.Name, ContainerPortOf(r) ?? throw new DistributedApplicationException(
                $"'{resource.Name}' references '{r.Name}', which has no endpoint to publish.")))
            .OrderBy(e => e.Target, StringComparer.Ordinal)
            .ToList();
        var waits = resource.Annotations.OfType<WaitAnnotation>()
            .Select(w => new ServiceWait(ServiceOf(w.Resource).Name, w.WaitType))
            .GroupBy(w => w.Service, StringComparer.Ordinal)
            .Select(g => g.OrderBy(w => w.Type).First())
            .OrderBy(w => w.Service, StringComparer.Ordinal)
            .ToList();
        var endpoint = PrimaryEndpoint(resource);
        var (kind, runAs, compute) = resource switch
        {
            // the official images' users: redis (999, group 1000 on alpine), postgres (70 on alpine, 999 on Debian)
            RedisResource => (ServiceKind.Redis, IsAlpine(resource) ? (999, 1000) : (999, 999), new ComputeResourcesAnnotation("100m", "500m", "128Mi", "256Mi")),
            PostgresServerResource => (ServiceKind.Postgres, IsAlpine(resource) ? (70, 70) : (999, 999), new ComputeResourcesAnnotation("250m", "1", "256Mi", "512Mi")),
            _ => (ServiceKind.Project, (DotnetAppUser, DotnetAppUser), new ComputeResourcesAnnotation("100m", "500m", "128Mi", "256Mi")),
        };
        compute = resource.Annotations.OfType<ComputeResourcesAnnotation>().LastOrDefault() ?? compute;

        var environment = new SortedDictionary<string, EnvValue>(StringComparer.Ordinal);
        if (resource is ProjectResource)
        {
            var context = new EnvironmentCallbackContext(executionContext, resource, cancellationToken: cancellationToken);
            foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await annotation.Callback(context).ConfigureAwait(false);
            }
            var postgresPasswords = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (key, value) in context.EnvironmentVariables)
            {
                var where = $"{resource.Name}: {key}";
                var backing = new SortedSet<string>(StringComparer.Ordinal);
                var segments = new List<EnvSegment>();
                Flatten(value, null, segments, backing, passwordOwners, where);
                var merged = Merge(segments);
                if (merged.Count > 1 && merged.Any(s => s.SecretParameter is not null))
                {
                    foreach (var secret in merged.Select(s => s.SecretParameter).OfType<string>())
                    {
                        if (passwordOwners.TryGetValue(secret, out var owner) && all.Single(r => r.Name == owner) is PostgresServerResource)
                        {
                            postgresPasswords.Add(secret);
                        }
                    }
                    merged = Unsplice(merged, where);
                }
                environment[key] = new EnvValue(merged, backing.Count == 1 ? backing.Min : null);
            }
            if (postgresPasswords.Count > 1)
            {
                throw new DistributedApplicationException(
                    $"'{resource.Name}' connects to {postgresPasswords.Count} PostgreSQL servers; one {PostgresPasswordVariable} can serve only one.");
            }
            if (postgresPasswords.Count == 1)
            {
                var owner = passwordOwners[postgresPasswords.Min!];
                environment[PostgresPasswordVariable] = new EnvValue([new EnvSegment(null, postgresPasswords.Min)], owner);
            }
            environment["OTEL_SERVICE_NAME"] = EnvValue.Of(resource.Name);
            if (endpoint is not null)
            {
                environment["HTTP_PORTS"] = EnvValue.Of(ContainerPortOf(resource)!.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        var postgres = resource as PostgresServerResource;
        if (postgres is { Databases.Count: > 1 })
        {
            throw new DistributedApplicationException(
                $"'{postgres.Name}' has {postgres.Databases.Count} databases; publishing supports one database per server (POSTGRES_DB).");
        }
#pragma warning disable ASPIREPROBES001 // probes the model declares win over the conventions (/alive, the HTTP health check's path)
        var probes = resource.Annotations.OfType<EndpointProbeAnnotation>().ToList();
        var readiness = probes.FirstOrDefault(p => p.Type == ProbeType.Readiness)?.Path ?? HttpHealthCheckPath(resource);
        var alive = probes.FirstOrDefault(p => p.Type is ProbeType.Liveness or ProbeType.Startup)?.Path ?? "/alive";
#pragma warning restore ASPIREPROBES001
        var replicas = resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
        var explicitStart = resource.Annotations.OfType<ExplicitStartupAnnotation>().Any();
        var oneShot = all.Any(r => r.Annotations.OfType<WaitAnnotation>()
            .Any(w => w.WaitType == WaitType.WaitForCompletion && ServiceOf(w.Resource) == resource));
        if (oneShot && (resource is not ProjectResource || endpoint is not null || explicitStart))
        {
            throw new DistributedApplicationException(
                $"'{resource.Name}' is waited for to complete (WaitForCompletion), so it is published as a one-shot run before the services " +
                "that wait for it (their init containers in the chart): it must be a project with no endpoint that starts by itself.");
        }
        return new DeployedService
        {
            Name = resource.Name,
            Kind = kind,
            Image = ImageOf(resource),
            AssemblyName = resource is ProjectResource project ? Path.GetFileNameWithoutExtension(ProjectPathOf(project)) : null,
            Tier = tier,
            Networks = networks,
            ContainerPort = ContainerPortOf(resource),
            HostPort = endpoint is { IsExternal: true } ? endpoint.Port ?? ContainerPortOf(resource) : null,
            IsExternal = endpoint?.IsExternal ?? false,
            Scheme = endpoint?.UriScheme ?? "tcp",
            HealthPath = readiness,
            AlivePath = alive,
            Waits = waits,
            Edges = edges,
            Environment = [.. environment],
            ExplicitStart = explicitStart,
            IsOneShot = oneShot,
            Replicas = replicas,
            Compute = compute,
            Autoscaling = resource.Annotations.OfType<AutoscalingAnnotation>().LastOrDefault()
                ?? new AutoscalingAnnotation(AutoscalingAnnotation.DefaultMinReplicas, Math.Max(AutoscalingAnnotation.DefaultMaxReplicas, replicas), AutoscalingAnnotation.DefaultTargetCpuUtilizationPercentage),
            DisruptionBudget = resource.Annotations.OfType<DisruptionBudgetAnnotation>().LastOrDefault() ?? new DisruptionBudgetAnnotation(DisruptionBudgetAnnotation.DefaultMaxUnavailable),
            RunAs = runAs,
            PasswordParameter = resource switch
            {
                RedisResource redis => redis.PasswordParameter?.Name,
                PostgresServerResource server => server.PasswordParameter.Name,
                _ => null,
            },
            DurableAppendOnlyFile = resource.Annotations.OfType<DurableAppendOnlyFileAnnotation>().Any(),
            UserName = postgres is null ? null : postgres.UserNameParameter is { } user ? Literal(user) : "postgres",
            DatabaseName = postgres?.Databases.Values.FirstOrDefault(),
        };
    }

    private static string TierOf(IResource resource) => resource.Annotations.OfType<NetworkTierAnnotation>().LastOrDefault()?.Tier ?? "default";

    /// <summary>The resource that becomes a service: a database is published as part of its server.</summary>
    private static IResource ServiceOf(IResource resource) => resource is IResourceWithParent child ? ServiceOf(child.Parent) : resource;

    /// <summary>The endpoint a service is reached on: <c>http</c>, else the first HTTP one, else the first.</summary>
    private static EndpointAnnotation? PrimaryEndpoint(IResource resource)
    {
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        return endpoints.FirstOrDefault(e => e.Name == "http") ?? endpoints.FirstOrDefault(e => e.UriScheme == "http") ?? endpoints.FirstOrDefault();
    }

    /// <summary>Container port of the resource's primary endpoint (projects: the .NET images' 8080).</summary>
    private static int? ContainerPortOf(IResource resource) => PrimaryEndpoint(resource) is { } endpoint ? PortOf(resource, endpoint) : null;

    private static int? PortOf(IResource resource, EndpointAnnotation endpoint) =>
        resource is ProjectResource ? ProjectContainerPort : endpoint.TargetPort ?? endpoint.Port;

    /// <summary>The path of the model's HTTP health check (Aspire keeps it only in the check's key: <c>{resource}_{endpoint}_{path}_{status}_check</c>).</summary>
    private static string? HttpHealthCheckPath(IResource resource)
    {
        foreach (var check in resource.Annotations.OfType<HealthCheckAnnotation>())
        {
            var match = HealthCheckKey().Match(check.Key);
            if (match.Success && match.Groups["resource"].Value == resource.Name)
            {
                return match.Groups["path"].Value;
            }
        }
        return null;
    }

    [GeneratedRegex(@"^(?<resource>.+?)_(?<endpoint>[^_/]+)_(?<path>/.*)_(?<status>[0-9]{3})_check$")]
    private static partial Regex HealthCheckKey();

    private static bool IsAlpine(IResource resource) =>
        resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault()?.Tag?.Contains("alpine", StringComparison.Ordinal) == true;

    private static string ProjectPathOf(ProjectResource project) =>
        project.Annotations.OfType<IProjectMetadata>().Single().ProjectPath;

    /// <summary>
    /// The image: a server's from its <see cref="ContainerImageAnnotation"/>; a project's is the one its own
    /// <c>ContainerRepository</c> / <c>ContainerImageTag</c> build (<c>dotnet publish -t:PublishContainer</c>).
    /// </summary>
    private static DeployedImage ImageOf(IResource resource)
    {
        if (resource is ProjectResource project)
        {
            var path = ProjectPathOf(project);
            var properties = XDocument.Load(path).Descendants()
                .Where(e => e.Parent?.Name.LocalName == "PropertyGroup")
                .GroupBy(e => e.Name.LocalName)
                .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            var assembly = Path.GetFileNameWithoutExtension(path);
            return new DeployedImage(
                properties.GetValueOrDefault("ContainerRegistry"),
                properties.GetValueOrDefault("ContainerRepository") ?? assembly.ToLowerInvariant(),
                properties.GetValueOrDefault("ContainerImageTag") ?? "latest");
        }
        var image = resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault()
            ?? throw new DistributedApplicationException($"'{resource.Name}' has no container image to publish.");
        return new DeployedImage(image.Registry, image.Image, image.Tag ?? "latest");
    }

    private static string Literal(ParameterResource parameter) => parameter.Secret
        ? throw new DistributedApplicationException($"Parameter '{parameter.Name}' is secret and cannot be written as a literal.")
        : parameter.GetValueAsync(default).AsTask().GetAwaiter().GetResult() ?? string.Empty;

    private static void Flatten(object? value, string? format, List<EnvSegment> segments, SortedSet<string> backing, Dictionary<string, string> passwordOwners, string where)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                segments.Add(new EnvSegment(Formatted(text, format), null));
                break;
            case ParameterResource { Secret: true } secret:
                segments.Add(new EnvSegment(null, secret.Name));
                if (passwordOwners.TryGetValue(secret.Name, out var owner))
                {
                    backing.Add(owner);
                }
                break;
            case ParameterResource parameter:
                segments.Add(new EnvSegment(Formatted(Literal(parameter), format), null));
                break;
            case EndpointReferenceExpression part:
                Flatten(EndpointValue(part, backing, where), format, segments, backing, passwordOwners, where);
                break;
            case EndpointReference endpoint:
                Flatten(endpoint.Property(EndpointProperty.Url), format, segments, backing, passwordOwners, where);
                break;
            case ReferenceExpression { IsConditional: true } conditional:
                var condition = new List<EnvSegment>();
                Flatten(conditional.Condition, null, condition, [], passwordOwners, where);
                var chosen = Merge(condition) is [{ Literal: { } literal }] && string.Equals(literal, conditional.MatchValue, StringComparison.OrdinalIgnoreCase)
                    ? conditional.WhenTrue : conditional.WhenFalse;
                Flatten(chosen, format, segments, backing, passwordOwners, where);
                break;
            case ReferenceExpression expression:
                FlattenExpression(expression, segments, backing, passwordOwners, where);
                break;
            case ConnectionStringReference reference:
                Flatten(reference.Resource.ConnectionStringExpression, format, segments, backing, passwordOwners, where);
                break;
            case IResourceWithConnectionString connection:
                Flatten(connection.ConnectionStringExpression, format, segments, backing, passwordOwners, where);
                break;
            case IValueProvider provider:
                throw new DistributedApplicationException($"{where}: a value of type {provider.GetType().Name} cannot be published.");
            default:
                segments.Add(new EnvSegment(Formatted(Convert.ToString(value, CultureInfo.InvariantCulture)!, format), null));
                break;
        }
    }

    private static string Formatted(string text, string? format) => format switch
    {
        null => text,
        "uri" => Uri.EscapeDataString(text),
        _ => throw new DistributedApplicationException($"Unknown value format '{format}'."),
    };

    /// <summary>An endpoint as another service in the deployment reaches it: the service's DNS name and container port.</summary>
    private static string EndpointValue(EndpointReferenceExpression part, SortedSet<string> backing, string where)
    {
        var target = ServiceOf(part.Endpoint.Resource);
        backing.Add(target.Name);
        var annotation = part.Endpoint.EndpointAnnotation;
        var port = (PortOf(part.Endpoint.Resource, annotation)
            ?? throw new DistributedApplicationException($"{where}: endpoint '{part.Endpoint.EndpointName}' of '{target.Name}' has no port to publish."))
            .ToString(CultureInfo.InvariantCulture);
        return part.Property switch
        {
            EndpointProperty.Url => $"{annotation.UriScheme}://{target.Name}:{port}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => target.Name,
            EndpointProperty.Port or EndpointProperty.TargetPort => port,
            EndpointProperty.HostAndPort => $"{target.Name}:{port}",
            EndpointProperty.Scheme => annotation.UriScheme,
            EndpointProperty.TlsEnabled => annotation.TlsEnabled ? bool.TrueString : bool.FalseString,
            _ => throw new DistributedApplicationException($"{where}: unknown endpoint property {part.Property}."),
        };
    }

    /// <summary>Splits a composite format (<c>{0}</c>, <c>{0:uri}</c>, <c>{{</c>, <c>}}</c>) into literals and its values.</summary>
    private static void FlattenExpression(ReferenceExpression expression, List<EnvSegment> segments, SortedSet<string> backing, Dictionary<string, string> passwordOwners, string where)
    {
        var format = expression.Format;
        var literal = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c is '{' or '}' && i + 1 < format.Length && format[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var close = format.IndexOf('}', i);
                var hole = format.AsSpan(i + 1, close - i - 1);
                var colon = hole.IndexOf(':');
                var index = int.Parse(colon < 0 ? hole : hole[..colon], NumberStyles.None, CultureInfo.InvariantCulture);
                if (literal.Length > 0)
                {
                    segments.Add(new EnvSegment(literal.ToString(), null));
                    literal.Clear();
                }
                var holeFormat = colon < 0 ? expression.StringFormats.ElementAtOrDefault(index) : hole[(colon + 1)..].ToString();
                Flatten(expression.ValueProviders[index], holeFormat, segments, backing, passwordOwners, where);
                i = close;
            }
            else
            {
                literal.Append(c);
            }
        }
        if (literal.Length > 0)
        {
            segments.Add(new EnvSegment(literal.ToString(), null));
        }
    }

    /// <summary>Joins adjacent literals.</summary>
    private static List<EnvSegment> Merge(List<EnvSegment> segments)
    {
        var merged = new List<EnvSegment>();
        foreach (var segment in segments)
        {
            if (segment.Literal is not null && merged.Count > 0 && merged[^1].Literal is { } previous)
            {
                merged[^1] = new EnvSegment(previous + segment.Literal, null);
            }
            else
            {
                merged.Add(segment);
            }
        }
        return merged.Count == 0 ? [new EnvSegment(string.Empty, null)] : merged;
    }

    /// <summary>
    /// Takes the secrets out of a composite value. A password spliced into a connection string or URI breaks it as
    /// soon as it holds a separator (<c>, ; @ / : %</c>…), and deploy-time placeholders (<c>${X}</c>, <c>$(X)</c>)
    /// cannot escape it. So the value keeps everything but the password (<c>,password=</c> / <c>;Password=</c>
    /// keywords, a URI's <c>:password</c>), and clients get the password whole from its own variable: Aspire's
    /// <c>{NAME}_PASSWORD</c> connection property, and <see cref="PostgresPasswordVariable"/>, which Npgsql reads.
    /// A secret anywhere else in a value is refused.
    /// </summary>
    internal static List<EnvSegment> Unsplice(List<EnvSegment> segments, string where)
    {
        var literals = segments.Select(s => s.Literal).ToList();
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].SecretParameter is null)
            {
                continue;
            }
            var before = i > 0 ? literals[i - 1] ?? string.Empty : string.Empty;
            var after = i + 1 < segments.Count ? literals[i + 1] ?? string.Empty : string.Empty;
            var keyword = KeywordBefore().Match(before);
            if (keyword.Success)
            {
                before = before[..keyword.Index];
            }
            else if (before.EndsWith(':') && after.StartsWith('@'))
            {
                // scheme://user:password@host → scheme://user@host; scheme://:password@host → scheme://host
                before = before[..^1];
                if (before.EndsWith("://", StringComparison.Ordinal))
                {
                    after = after[1..];
                }
            }
            else
            {
                throw new DistributedApplicationException(
                    $"{where}: the secret '{segments[i].SecretParameter}' is spliced into a value; publish it as a variable of its own.");
            }
            if (i > 0)
            {
                literals[i - 1] = before;
            }
            if (i + 1 < segments.Count)
            {
                literals[i + 1] = after;
            }
            literals[i] = string.Empty;
        }
        return Merge([.. literals.Select(l => new EnvSegment(l ?? string.Empty, null))]);
    }

    [GeneratedRegex(@"[,;]?\s*password\s*=\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordBefore();
}
