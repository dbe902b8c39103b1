using System.Reflection;

namespace VotingApp.ServiceDefaults.Web;

/// <summary>
/// A page's stylesheet, script and icon, embedded in the service's assembly as <c>Assets/&lt;page&gt;.css</c>,
/// <c>Assets/&lt;page&gt;.js</c> and <c>Assets/icon.svg</c>, each served at its content-hashed URL.
/// </summary>
public sealed class PageAssets
{
    private PageAssets(StaticAsset stylesheet, StaticAsset script, StaticAsset icon)
    {
        Stylesheet = stylesheet;
        Script = script;
        Icon = icon;
    }

    /// <summary>The page's CSS.</summary>
    public StaticAsset Stylesheet { get; }

    /// <summary>The page's script.</summary>
    public StaticAsset Script { get; }

    /// <summary>The favicon.</summary>
    public StaticAsset Icon { get; }

    /// <summary>Every asset, for mapping.</summary>
    public IEnumerable<StaticAsset> All => [Stylesheet, Script, Icon];

    /// <summary>Loads the assets of <paramref name="page"/> (e.g. <c>vote</c>) from <paramref name="assembly"/>.</summary>
    public static PageAssets Load(Assembly assembly, string page) => new(
        StaticAsset.Load(assembly, $"{page}.css", "text/css; charset=utf-8"),
        StaticAsset.Load(assembly, $"{page}.js", "text/javascript; charset=utf-8"),
        StaticAsset.Load(assembly, "icon.svg", "image/svg+xml"));
}
