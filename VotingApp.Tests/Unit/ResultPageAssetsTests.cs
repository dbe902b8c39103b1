using System.Text;
using Microsoft.AspNetCore.Http;
using VotingApp.Queue;
using VotingApp.Result;
using VotingApp.ServiceDefaults.Web;

namespace VotingApp.Tests.Unit;

/// <summary>
/// The result page's shared worker (result-worker.js, the one live stream of all tabs of a browser): served like the
/// page's own script, named by the page without any inline script, and allowed by the Content-Security-Policy.
/// </summary>
public sealed class ResultPageAssetsTests
{
    private static readonly PageAssets s_assets = PageAssets.Load(typeof(ResultEndpoints).Assembly, "result", withWorker: true);

    [Fact]
    public void The_worker_script_is_one_of_the_mapped_assets_at_a_content_hashed_url()
    {
        Assert.NotNull(s_assets.Worker);
        Assert.Matches(@"^/static/result-worker\.[0-9a-f]{12}\.js$", s_assets.Worker.Path);
        Assert.Contains(s_assets.Worker, s_assets.All);
        Assert.Equal(4, s_assets.All.Distinct().Count());
        Assert.Null(PageAssets.Load(typeof(ResultEndpoints).Assembly, "result").Worker);
    }

    [Fact]
    public async Task The_worker_script_is_served_as_javascript_and_cached_like_the_page_script()
    {
        var worker = await GetAsync(s_assets.Worker!);
        var script = await GetAsync(s_assets.Script);

        Assert.Equal(StatusCodes.Status200OK, worker.StatusCode);
        Assert.Equal(script.ContentType, worker.ContentType);
        Assert.StartsWith("text/javascript", worker.ContentType, StringComparison.Ordinal);
        Assert.Equal(StaticAsset.CacheControl, worker.CacheControl);
        // relative to the worker's own URL (<prefix>/static/…), so it works under any path prefix
        Assert.Contains("new EventSource('../api/results/stream')", worker.Body, StringComparison.Ordinal);
        Assert.Contains("new SharedWorker(", script.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_names_the_worker_on_its_script_element_and_the_policy_allows_only_same_origin_workers()
    {
        var html = ResultPage.Render(new OptionLabels("Cats", "Dogs"), s_assets, TallySnapshot.Create(new OptionLabels("Cats", "Dogs"), 2, 1));

        Assert.Contains($"<script src=\"{s_assets.Script.Path}\" data-stream-src=\"/api/results/stream\" data-worker-src=\"{s_assets.Worker!.Path}\" defer></script>", html, StringComparison.Ordinal);
        var prefixed = ResultPage.Render(new OptionLabels("Cats", "Dogs"), s_assets, snapshot: null, linkPrefix: "/result");
        Assert.Contains($"<script src=\"/result{s_assets.Script.Path}\" data-stream-src=\"/result/api/results/stream\" data-worker-src=\"/result{s_assets.Worker!.Path}\" defer></script>", prefixed, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("worker-src 'self';", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    private static async Task<(int StatusCode, string? ContentType, string CacheControl, string Body)> GetAsync(StaticAsset asset)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await asset.WriteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.CacheControl.ToString(),
            Encoding.UTF8.GetString(body.ToArray()));
    }
}
