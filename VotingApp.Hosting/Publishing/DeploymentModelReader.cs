using System.Globalization;
using System.Text;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// Turns the app model into a <see cref="DeploymentModel"/>: runs the environment callbacks in publish mode and keeps
/// every value deferred: endpoints become service DNS names and container ports, secret parameters stay named
/// placeholders (their values are never read).
/// </summary>
internal static class DeploymentModelReader
{
    /// <summary>Port .NET projects listen on in a container (the SDK images' <c>ASPNETCORE_HTTP_PORTS</c>).</summary>
    public const int ProjectContainerPort = 8080;

    /// <summary>The <c>app</c> user of the .NET images.</summary>
    public const int DotnetAppUser = 1654;

    public static async Task<DeploymentModel> ReadAsync(string name, IEnumerable<IResource> resources, CancellationToken cancellationToken = default)
    {
        var all = resources.ToList();
        var services = new List<DeployedService>();
        var secrets = new SortedSet<string>(StringComparer.Ordinal);
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

        foreach (var resource in all.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (resource is not (ProjectResource or RedisResource or PostgresServerResource))
            {
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var service = await ReadServiceAsync(resource, all, passwordOwners).ConfigureAwait(false);
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

    private static async Task<DeployedService> ReadServiceAsync(IResource resource, IReadOnlyList<IResource> all, Dictionary<string, string> passwordOwners)
    {
        var tier = resource.Annotations.OfType<NetworkTierAnnotation>().LastOrDefault()?.Tier ?? "default";
        var references = resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(a => a.Type == "Reference")
            .Select(a => ServiceOf(a.Resource))
            .Distinct()
            .ToList();
        var networks = references
            .Select(r => r.Annotations.OfType<NetworkTierAnnotation>().LastOrDefault()?.Tier ?? "default")
            .Append(tier)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
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
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault();
        var (kind, runAs, compute) = resource switch
        {
            RedisResource => (ServiceKind.Redis, (999, 1000), new ComputeResourcesAnnotation("100m", "500m", "128Mi", "256Mi")),
            PostgresServerResource => (ServiceKind.Postgres, (70, 70), new ComputeResourcesAnnotation("250m", "1", "256Mi", "512Mi")),
            _ => (ServiceKind.Project, (DotnetAppUser, DotnetAppUser), new ComputeResourcesAnnotation("100m", "500m", "128Mi", "256Mi")),
        };
        compute = resource.Annotations.OfType<ComputeResourcesAnnotation>().LastOrDefault() ?? compute;

        var environment = new SortedDictionary<string, EnvValue>(StringComparer.Ordinal);
        if (resource is ProjectResource)
        {
            var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), resource);
            foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await annotation.Callback(context).ConfigureAwait(false);
            }
            foreach (var (key, value) in context.EnvironmentVariables)
            {
                var backing = new SortedSet<string>(StringComparer.Ordinal);
                var segments = new List<EnvSegment>();
                Flatten(value, segments, backing, passwordOwners, $"{resource.Name}: {key}");
                environment[key] = new EnvValue(Merge(segments), backing.Count == 1 ? backing.Min : null);
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
        var image = ((IResourceWithContainerImage)resource).Image;
        return new DeployedService
        {
            Name = resource.Name,
            Kind = kind,
            Image = image,
            AssemblyName = resource is ProjectResource project ? Path.GetFileNameWithoutExtension(project.Metadata.ProjectPath) : null,
            Tier = tier,
            Networks = networks,
            ContainerPort = ContainerPortOf(resource),
            HostPort = endpoint is { IsExternal: true } ? endpoint.Port ?? ContainerPortOf(resource) : null,
            IsExternal = endpoint?.IsExternal ?? false,
            Scheme = endpoint?.UriScheme ?? "tcp",
            HealthPath = resource.Annotations.OfType<HttpHealthCheckAnnotation>().FirstOrDefault()?.Path,
            Waits = waits,
            Edges = edges,
            Environment = [.. environment],
            ExplicitStart = resource.Annotations.OfType<ExplicitStartAnnotation>().Any(),
            Replicas = resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1,
            Compute = compute,
            RunAs = runAs,
            PasswordParameter = resource switch
            {
                RedisResource redis => redis.PasswordParameter?.Name,
                PostgresServerResource server => server.PasswordParameter.Name,
                _ => null,
            },
            UserName = postgres is null ? null : Literal(postgres.UserNameParameter),
            DatabaseName = postgres?.Databases.Values.FirstOrDefault(),
        };
    }

    /// <summary>The resource that becomes a service: a database is published as part of its server.</summary>
    private static IResource ServiceOf(IResource resource) => resource is IResourceWithParent child ? ServiceOf(child.Parent) : resource;

    /// <summary>Container port of the resource's first endpoint.</summary>
    private static int? ContainerPortOf(IResource resource)
    {
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault();
        return endpoint is null ? null : endpoint.TargetPort ?? (resource is ProjectResource ? ProjectContainerPort : endpoint.Port);
    }

    private static string Literal(ParameterResource parameter) => parameter.Secret
        ? throw new DistributedApplicationException($"Parameter '{parameter.Name}' is secret and cannot be written as a literal.")
        : parameter.Value;

    private static void Flatten(object? value, List<EnvSegment> segments, SortedSet<string> backing, Dictionary<string, string> passwordOwners, string where)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                segments.Add(new EnvSegment(text, null));
                break;
            case ParameterResource { Secret: true } secret:
                segments.Add(new EnvSegment(null, secret.Name));
                if (passwordOwners.TryGetValue(secret.Name, out var owner))
                {
                    backing.Add(owner);
                }
                break;
            case ParameterResource parameter:
                segments.Add(new EnvSegment(parameter.Value, null));
                break;
            case EndpointReferenceExpression part:
                var target = ServiceOf(part.Endpoint.Resource);
                backing.Add(target.Name);
                var port = PortOf(part.Endpoint);
                segments.Add(new EnvSegment(part.Property switch
                {
                    EndpointProperty.Url => $"{part.Endpoint.Annotation.UriScheme}://{target.Name}:{port}",
                    EndpointProperty.Host => target.Name,
                    EndpointProperty.Port => port,
                    EndpointProperty.HostAndPort => $"{target.Name}:{port}",
                    _ => throw new DistributedApplicationException($"{where}: unknown endpoint property {part.Property}."),
                }, null));
                break;
            case EndpointReference endpoint:
                Flatten(endpoint.Property(EndpointProperty.Url), segments, backing, passwordOwners, where);
                break;
            case ReferenceExpression expression:
                FlattenExpression(expression, segments, backing, passwordOwners, where);
                break;
            case IResourceWithConnectionString connection:
                FlattenExpression(connection.ConnectionStringExpression, segments, backing, passwordOwners, where);
                break;
            case IValueProvider provider:
                throw new DistributedApplicationException($"{where}: a value of type {provider.GetType().Name} cannot be published.");
            default:
                segments.Add(new EnvSegment(Convert.ToString(value, CultureInfo.InvariantCulture), null));
                break;
        }
    }

    private static string PortOf(EndpointReference endpoint)
    {
        var annotation = endpoint.Annotation;
        var port = annotation.TargetPort ?? (endpoint.Resource is ProjectResource ? ProjectContainerPort : annotation.Port)
            ?? throw new DistributedApplicationException($"Endpoint '{endpoint.EndpointName}' of '{endpoint.Resource.Name}' has no port to publish.");
        return port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Splits a composite format (<c>{0}</c>, <c>{{</c>, <c>}}</c>) into literals and its values.</summary>
    private static void FlattenExpression(ReferenceExpression expression, List<EnvSegment> segments, SortedSet<string> backing, Dictionary<string, string> passwordOwners, string where)
    {
        var format = expression.Format;
        var literal = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                literal.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                literal.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var close = format.IndexOf('}', i);
                var index = int.Parse(format.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture);
                if (literal.Length > 0)
                {
                    segments.Add(new EnvSegment(literal.ToString(), null));
                    literal.Clear();
                }
                Flatten(expression.ValueProviders[index], segments, backing, passwordOwners, where);
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
}
