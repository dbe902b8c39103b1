using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using VotingApp.Tests.Infrastructure;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// The rules file of the DAST job (.github/workflows/images.yml runs ZAP's baseline scan with it): every rule it sets to
/// FAIL is checked here against the running vote and result services, on every kind of answer they give (pages,
/// assets, JSON, a vote, a refused vote, an unknown path, the health and metrics endpoints), so that the scan on GitHub
/// confirms what these tests already showed rather than finding it out.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class DastRulesTests
{
    private readonly AppFixture _fixture;

    public DastRulesTests(AppFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
    {
        _fixture = fixture;
        fixture.App.AttachOutput(output);
    }

    private static readonly string s_rulesFile = Path.Combine(RepositoryPaths.Root, ".zap", "rules.tsv");

    /// <summary>What each FAIL rule of ZAP's passive scan looks for, as a check of one answer (null: it passes).</summary>
    private static readonly Dictionary<int, Func<Answer, string?>> s_checks = new()
    {
        [10020] = a => a.Header("X-Frame-Options") is "DENY" or "SAMEORIGIN" || (a.Header("Content-Security-Policy") ?? "").Contains("frame-ancestors", StringComparison.Ordinal)
            ? null : "no X-Frame-Options and no CSP frame-ancestors",
        [10021] = a => a.Header("X-Content-Type-Options") == "nosniff" ? null : "X-Content-Type-Options is not nosniff",
        [10038] = a => a.Header("Content-Security-Policy") is { Length: > 0 } ? null : "no Content-Security-Policy",
        [10037] = a => a.Header("X-Powered-By") is null ? null : "X-Powered-By is sent",
        [10054] = a => a.SetCookies.FirstOrDefault(c => !c.Contains("SameSite=", StringComparison.OrdinalIgnoreCase)) is { } cookie
            ? $"cookie without SameSite: {cookie}" : null,
        [10023] = a => DebugMessage().Match(a.Body) is { Success: true } m ? $"debug error message: '{m.Value}'" : null,
        [90022] = a => (int)a.Status >= 400 && ErrorDisclosure().Match(a.Body) is { Success: true } m ? $"error disclosure: '{m.Value}'" : null,
    };

    private TestApp App => _fixture.App;

    [Fact]
    public void The_rules_file_is_well_formed_and_every_ignored_rule_says_why()
    {
        var rules = ReadRules();

        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.Contains(r.Action, new[] { "IGNORE", "INFO", "WARN", "FAIL", "OUTOFSCOPE" }));
        Assert.All(rules, r => Assert.True(r.Reason.Length > 20, $"rule {r.Id} gives no reason"));
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
        Assert.Contains(rules, r => r.Action == "FAIL");
    }

    [Fact]
    public async Task Every_rule_set_to_FAIL_holds_on_every_answer_of_vote_and_result()
    {
        var failRules = ReadRules().Where(r => r.Action == "FAIL").ToList();
        var unchecked_ = failRules.Where(r => !s_checks.ContainsKey(r.Id)).Select(r => r.Id).ToList();
        Assert.True(unchecked_.Count == 0, $"FAIL rules with no local check: {string.Join(", ", unchecked_)}");

        var answers = new List<Answer>();
        foreach (var client in new[] { App.Vote, App.Result })
        {
            var page = await FetchAsync(client, HttpMethod.Get, "/");
            answers.Add(page);
            foreach (var asset in AssetLinks().Matches(page.Body).Select(m => m.Groups["url"].Value).Distinct())
            {
                answers.Add(await FetchAsync(client, HttpMethod.Get, asset));
            }
            foreach (var path in new[] { "/no-such-page", "/health", "/alive", "/metrics" })
            {
                answers.Add(await FetchAsync(client, HttpMethod.Get, path));
            }
        }
        answers.Add(await FetchAsync(App.Result, HttpMethod.Get, "/api/results"));
        answers.Add(await FetchAsync(App.Vote, HttpMethod.Post, "/", "vote=a"));
        answers.Add(await FetchAsync(App.Vote, HttpMethod.Post, "/", "vote=no-such-option"));
        answers.Add(await FetchAsync(App.Vote, HttpMethod.Post, "/", "%%%"));
        Assert.Contains(answers, a => a.SetCookies.Count > 0);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.BadRequest);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.NotFound);

        var failures = (from answer in answers
                        from rule in failRules
                        let problem = s_checks[rule.Id](answer)
                        where problem is not null
                        select $"{rule.Id} {answer.Request} ({(int)answer.Status}): {problem}").ToList();

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void The_checks_find_what_the_rules_look_for()
    {
        var bare = new Answer("GET /", HttpStatusCode.InternalServerError, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Powered-By"] = "ASP.NET",
        }, ["voter_id=1; Path=/"], "System.InvalidOperationException: boom\n   at VotingApp.Vote.Program.Main() in Program.cs:line 12");

        var problems = s_checks.ToDictionary(c => c.Key, c => c.Value(bare));

        Assert.All(problems, p => Assert.True(p.Value is not null, $"rule {p.Key} passed an answer that breaks it"));
    }

    private static List<Rule> ReadRules() =>
        [.. File.ReadAllLines(s_rulesFile)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f =>
            {
                Assert.True(f.Length == 3, $"not 'id<TAB>ACTION<TAB>(reason)': {string.Join("<TAB>", f)}");
                Assert.Matches(@"^\(.+\)$", f[2]);
                return new Rule(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2]);
            })];

    private static async Task<Answer> FetchAsync(HttpClient client, HttpMethod method, string path, string? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (form is not null)
        {
            request.Content = new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        }
        using var response = await client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        return new Answer($"{method} {client.BaseAddress}{path.TrimStart('/')}", response.StatusCode, headers, cookies,
            await response.Content.ReadAsStringAsync());
    }

    // the pages' assets (href, src and the result script's data-worker-src); not its data-stream-src, which never ends
    [GeneratedRegex(@"(?:href|src)=""(?<url>/static/[^""]*)""")]
    private static partial Regex AssetLinks();

    // what ZAP's "Information Disclosure - Debug Error Messages" and "Application Error Disclosure" rules match, in short
    [GeneratedRegex(@"Stack Trace|Exception:|\n\s+at [\w.<>]+\(|Internal Server Error|Line Number:|Error Occurred While Processing Request", RegexOptions.IgnoreCase)]
    private static partial Regex DebugMessage();

    [GeneratedRegex(@"Exception|Stack Trace|\n\s+at [\w.<>]+\(|\.cs:line \d+|Microsoft\.AspNetCore\.", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorDisclosure();

    private sealed record Rule(int Id, string Action, string Reason);

    private sealed record Answer(string Request, HttpStatusCode Status, Dictionary<string, string> Headers, List<string> SetCookies, string Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
