using System.Reflection;

namespace VotingApp.ServiceDefaults.Web;

/// <summary>
/// A page's stylesheet, script and icon, embedded in the service's assembly as <c>Assets/&lt;page&gt;.css</c>,
/// <c>Assets/&lt;page&gt;.js</c> and <c>Assets/icon.svg</c>, and optionally a worker script
/// (<c>Assets/&lt;page&gt;-worker.js</c>), each served at its content-hashed URL.
/// </summary>
public sealed class PageAssets
{
    private const string JavaScript = "text/javascript; charset=utf-8";

    private PageAssets(StaticAsset stylesheet, StaticAsset script, StaticAsset icon, StaticAsset? worker)
    {
        Stylesheet = stylesheet;
        Script = script;
        Icon = icon;
        Worker = worker;
    }

    /// <summary>The page's CSS.</summary>
    public StaticAsset Stylesheet { get; }

    /// <summary>The page's script.</summary>
    public StaticAsset Script { get; }

    /// <summary>The favicon.</summary>
    public StaticAsset Icon { get; }

    /// <summary>
    /// The page's worker script (e.g. a <c>SharedWorker</c> that several tabs use), or null when the page has none.
    /// Served like the page's script: same origin (the Content-Security-Policy allows no other worker), a JavaScript
    /// content type (browsers refuse a worker script of any other type), cached for a year at a URL that changes with
    /// its content, so a page of one version never talks to a worker of another.
    /// </summary>
    public StaticAsset? Worker { get; }

    /// <summary>Every asset, for mapping.</summary>
    public IEnumerable<StaticAsset> All => Worker is null ? [Stylesheet, Script, Icon] : [Stylesheet, Script, Icon, Worker];

    /// <summary>Loads the assets of <paramref name="page"/> (e.g. <c>vote</c>) from <paramref name="assembly"/>, without a worker script.</summary>
    public static PageAssets Load(Assembly assembly, string page) => Load(assembly, page, withWorker: false);

    /// <summary>
    /// Loads the assets of <paramref name="page"/> from <paramref name="assembly"/>; with <paramref name="withWorker"/>
    /// also <c>Assets/&lt;page&gt;-worker.js</c> as <see cref="Worker"/>.
    /// </summary>
    public static PageAssets Load(Assembly assembly, string page, bool withWorker) => new(
        StaticAsset.Load(assembly, $"{page}.css", "text/css; charset=utf-8"),
        StaticAsset.Load(assembly, $"{page}.js", JavaScript),
        StaticAsset.Load(assembly, "icon.svg", "image/svg+xml"),
        withWorker ? StaticAsset.Load(assembly, $"{page}-worker.js", JavaScript) : null);
}
