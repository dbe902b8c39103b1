using VotingApp.ServiceDefaults.Web;

namespace VotingApp.Result;

/// <summary>The result page's stylesheet, script and icon, each at its content-hashed URL.</summary>
internal sealed class ResultAssets
{
    /// <summary>Loads the embedded files.</summary>
    public ResultAssets()
    {
        Stylesheet = StaticAsset.Load(typeof(ResultAssets).Assembly, "result.css", "text/css; charset=utf-8");
        Script = StaticAsset.Load(typeof(ResultAssets).Assembly, "result.js", "text/javascript; charset=utf-8");
        Icon = StaticAsset.Load(typeof(ResultAssets).Assembly, "icon.svg", "image/svg+xml");
    }

    /// <summary>The page's CSS.</summary>
    public StaticAsset Stylesheet { get; }

    /// <summary>The live-update script (EventSource on <c>/api/results/stream</c>).</summary>
    public StaticAsset Script { get; }

    /// <summary>The favicon.</summary>
    public StaticAsset Icon { get; }

    /// <summary>Every asset, for mapping.</summary>
    public IEnumerable<StaticAsset> All => [Stylesheet, Script, Icon];
}
