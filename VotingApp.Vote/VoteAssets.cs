using VotingApp.ServiceDefaults.Web;

namespace VotingApp.Vote;

/// <summary>The vote page's stylesheet, script and icon, each at its content-hashed URL.</summary>
internal sealed class VoteAssets
{
    /// <summary>Loads the embedded files.</summary>
    public VoteAssets()
    {
        Stylesheet = StaticAsset.Load(typeof(VoteAssets).Assembly, "vote.css", "text/css; charset=utf-8");
        Script = StaticAsset.Load(typeof(VoteAssets).Assembly, "vote.js", "text/javascript; charset=utf-8");
        Icon = StaticAsset.Load(typeof(VoteAssets).Assembly, "icon.svg", "image/svg+xml");
    }

    /// <summary>The page's CSS.</summary>
    public StaticAsset Stylesheet { get; }

    /// <summary>The progressive-enhancement script (votes without reloading).</summary>
    public StaticAsset Script { get; }

    /// <summary>The favicon.</summary>
    public StaticAsset Icon { get; }

    /// <summary>Every asset, for mapping.</summary>
    public IEnumerable<StaticAsset> All => [Stylesheet, Script, Icon];
}
