using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary>The published docker-compose file: dclint, tiers, healthchecks, start order and hardening.</summary>
public sealed class ComposeOutputTests(PublishedOutput output) : IClassFixture<PublishedOutput>
{
    private JsonObject Compose => Manifests.Parse(File.ReadAllText(Path.Combine(output.Compose, "docker-compose.yaml"))).Single();

    private IEnumerable<(string Name, JsonNode Service)> Services =>
        Compose.At("services")!.AsObject().Select(p => (p.Key, p.Value!));

    [Fact]
    public async Task Compose_file_passes_dclint_with_no_errors_or_warnings()
    {
        var findings = await DeployTools.DclintAsync(Path.Combine(output.Compose, "docker-compose.yaml"));
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public async Task Dclint_reports_a_broken_compose_file()
    {
        var file = Path.Combine(output.Directory, "broken-compose.yaml");
        await File.WriteAllTextAsync(file, "name: broken\nservices:\n  web:\n    image: nginx\n    ports:\n      - '8080:80'\n    restartt: always\n");
        var findings = await DeployTools.DclintAsync(file);
        Assert.Contains(findings, f => f.Type == "error" && f.Rule == "invalid-schema");
        await File.WriteAllTextAsync(file, "name: broken\nservices:\n  web:\n    image: nginx\n    ports:\n      - '8080:80'\n");
        findings = await DeployTools.DclintAsync(file);
        Assert.Contains(findings, f => f.Type == "error" && f.Rule == "no-unbound-port-interfaces");
        Assert.Contains(findings, f => f.Type == "error" && f.Rule == "service-image-require-explicit-tag");
    }

    [Fact]
    public void Networks_follow_the_model_tiers()
    {
        Assert.True(Compose.Bool("networks", "backend", "internal"));
        Assert.NotEqual(true, Compose.Bool("networks", "frontend", "internal"));
        string[] Networks(string service) => [.. Compose.Items("services", service, "networks").Select(n => n.ToString()).Order()];
        Assert.Equal(["backend", "frontend"], Networks("vote"));
        Assert.Equal(["backend", "frontend"], Networks("result"));
        Assert.Equal(["backend"], Networks("worker"));
        Assert.Equal(["backend"], Networks("cache"));
        Assert.Equal(["backend"], Networks("postgres"));
        Assert.Equal(["frontend"], Networks("seed"));
        Assert.Equal(["backend"], Networks("migrations"));
    }

    [Fact]
    public void Healthchecks_gate_the_start_order_that_WaitFor_gives()
    {
        // a tool or a one-shot run exits when done: nothing waits for it to be healthy
        foreach (var (name, service) in Services.Where(s => output.Model[s.Name] is { ExplicitStart: false, IsOneShot: false }))
        {
            Assert.True(service.Items("healthcheck", "test").Any(), $"{name} has no healthcheck");
        }
        Assert.Equal("service_healthy", Compose.Str("services", "vote", "depends_on", "cache", "condition"));
        Assert.Equal("service_healthy", Compose.Str("services", "worker", "depends_on", "cache", "condition"));
        Assert.Equal("service_healthy", Compose.Str("services", "worker", "depends_on", "postgres", "condition"));
        Assert.Equal("service_healthy", Compose.Str("services", "result", "depends_on", "postgres", "condition"));
        Assert.Equal(["seed"], Compose.Items("services", "seed", "profiles").Select(p => p.ToString()));
        Assert.Contains("--appendonly yes", string.Join(' ', Compose.Items("services", "cache", "command")), StringComparison.Ordinal);
        Assert.Equal(["postgres-data:/var/lib/postgresql/data"], Compose.Items("services", "postgres", "volumes").Select(v => v.ToString()));
    }

    [Fact]
    public void The_migrations_run_once_after_postgres_is_healthy_and_worker_and_result_start_after_they_exit_0()
    {
        Assert.Equal("service_healthy", Compose.Str("services", "migrations", "depends_on", "postgres", "condition"));
        Assert.Equal("service_completed_successfully", Compose.Str("services", "worker", "depends_on", "migrations", "condition"));
        Assert.Equal("service_completed_successfully", Compose.Str("services", "result", "depends_on", "migrations", "condition"));
        // run once: restarted, a finished migration would run again and again
        Assert.Equal("no", Compose.Str("services", "migrations", "restart"));
        Assert.Null(Compose.At("services", "migrations", "healthcheck"));
        Assert.Null(Compose.At("services", "migrations", "expose"));
        Assert.Null(Compose.At("services", "vote", "depends_on", "migrations"));
        Assert.Equal(
            ["migrations"],
            Services.Where(s => s.Service.At("depends_on")?.AsObject().Any(d => d.Value.Str("condition") == "service_completed_successfully") == true)
                .SelectMany(s => s.Service.At("depends_on")!.AsObject().Where(d => d.Value.Str("condition") == "service_completed_successfully").Select(d => d.Key))
                .Distinct());
    }

    [Fact]
    public void Every_service_is_hardened_and_published_ports_bind_to_localhost()
    {
        foreach (var (name, service) in Services)
        {
            var user = service.Str("user") ?? string.Empty;
            Assert.False(user.Length == 0 || user.StartsWith("0:", StringComparison.Ordinal) || user == "root", $"{name} runs as '{user}'");
            Assert.True(service.Bool("read_only"), $"{name} is not read_only");
            Assert.Contains("/tmp", service.Items("tmpfs").Select(t => t.ToString()));
            Assert.Equal(["ALL"], service.Items("cap_drop").Select(c => c.ToString()));
            Assert.Contains("no-new-privileges:true", service.Items("security_opt").Select(c => c.ToString()));
            Assert.NotNull(service.Str("restart"));
            Assert.NotNull(service.Str("deploy", "resources", "limits", "memory"));
            Assert.NotNull(service.Str("deploy", "resources", "limits", "cpus"));
            Assert.Matches(@"^\$\{[A-Z_]+_IMAGE:-[^}]+:[0-9][^}]*\}$", service.Str("image"));
            foreach (var port in service.Items("ports").Select(p => p.ToString()))
            {
                Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal);
            }
        }
        Assert.Equal(["127.0.0.1:8080:8080"], Compose.Items("services", "vote", "ports").Select(p => p.ToString()));
        Assert.Equal(["127.0.0.1:8081:8080"], Compose.Items("services", "result", "ports").Select(p => p.ToString()));
    }

    [Fact]
    public void Env_example_lists_every_secret_empty_with_the_command_that_generates_them()
    {
        var example = File.ReadAllText(Path.Combine(output.Compose, ".env.example"));
        Assert.Contains("\nCACHE_PASSWORD=\n", example, StringComparison.Ordinal);
        Assert.Contains("\nPOSTGRES_PASSWORD=\n", example, StringComparison.Ordinal);
        Assert.Contains("printf 'CACHE_PASSWORD=%s\\nPOSTGRES_PASSWORD=%s\\n' \"$(openssl rand -hex 24)\" \"$(openssl rand -hex 24)\" > .env", example, StringComparison.Ordinal);
        Assert.Contains("${CACHE_PASSWORD:?", File.ReadAllText(Path.Combine(output.Compose, "docker-compose.yaml")), StringComparison.Ordinal);
    }
}
