using Microsoft.Extensions.Primitives;
using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;

namespace VotingApp.Vote;

/// <summary>
/// The cookies of a voter: <c>voter_id</c> (HttpOnly: who votes) and <c>vote</c> (readable: which option the page marks).
/// Both are first-party, <c>SameSite=Lax</c>, kept for a year, and <c>Secure</c> over HTTPS. Their <c>Path</c> is the
/// service's: <c>/</c>, or the path prefix it is reached under (<see cref="ProxyHeaders.LinkPrefix"/>), so that behind a
/// proxy that publishes several apps on one host they are not sent to the others.
/// </summary>
internal static class VoterCookies
{
    /// <summary>Name of the voter id cookie (the original app's).</summary>
    public const string VoterIdName = "voter_id";

    /// <summary>Name of the cookie that remembers the chosen option.</summary>
    public const string VoteName = "vote";

    /// <summary>Lifetime of both cookies in seconds (one year).</summary>
    public const int MaxAgeSeconds = 31_536_000;

    private const string Attributes = "; Max-Age=31536000; Path=/; SameSite=Lax";

    /// <summary>The cookie attributes for <paramref name="linkPrefix"/> (<c>""</c>: the root's).</summary>
    private static string AttributesFor(string linkPrefix) =>
        // a character that would end or break the attribute (never in a prefix one configures): the whole site then
        linkPrefix.Length == 0 || linkPrefix.AsSpan().IndexOfAny(";,\" \t") >= 0
            ? Attributes
            : string.Concat("; Max-Age=31536000; Path=", linkPrefix, "; SameSite=Lax");

    /// <summary>
    /// Reads the voter id. A missing or empty cookie yields a new id (<paramref name="isNew"/>); a present one is
    /// honoured only when <see cref="VoterIds.IsValid"/>, else the method returns false with the reason.
    /// </summary>
    public static bool TryGetVoterId(HttpRequest request, out string voterId, out bool isNew, out string error)
    {
        var cookie = request.Cookies[VoterIdName];
        if (string.IsNullOrEmpty(cookie))
        {
            voterId = VoterIds.NewId();
            isNew = true;
            error = string.Empty;
            return true;
        }
        isNew = false;
        if (!VoterIds.IsValid(cookie, out var reason))
        {
            voterId = string.Empty;
            error = $"Your voter_id cookie was rejected at the door: {reason}. Clear this site's cookies to get a new one.";
            return false;
        }
        voterId = cookie;
        error = string.Empty;
        return true;
    }

    /// <summary>The option the voter chose last, from the <c>vote</c> cookie (<c>a</c>, <c>b</c> or null).</summary>
    public static string? ReadChosen(HttpRequest request) => request.Cookies[VoteName] switch
    {
        VoteValues.A => VoteValues.A,
        VoteValues.B => VoteValues.B,
        _ => null,
    };

    /// <summary><c>Set-Cookie</c> value for the voter id, scoped to <paramref name="linkPrefix"/> (<c>""</c>: <c>Path=/</c>).</summary>
    public static string VoterIdCookie(string voterId, bool secure, string linkPrefix = "") => linkPrefix.Length == 0
        ? string.Concat(VoterIdName + "=", voterId, secure ? Attributes + "; HttpOnly; Secure" : Attributes + "; HttpOnly")
        : string.Concat(VoterIdName + "=", voterId, AttributesFor(linkPrefix), secure ? "; HttpOnly; Secure" : "; HttpOnly");

    /// <summary>
    /// <c>Set-Cookie</c> value for the chosen option (readable by the page's script), scoped to
    /// <paramref name="linkPrefix"/> (<c>""</c>: <c>Path=/</c>).
    /// </summary>
    public static string VoteCookie(string vote, bool secure, string linkPrefix = "") => linkPrefix.Length != 0
        ? string.Concat(VoteName + "=", vote == VoteValues.A ? VoteValues.A : VoteValues.B, AttributesFor(linkPrefix), secure ? "; Secure" : string.Empty)
        : (vote, secure) switch
    {
        (VoteValues.A, false) => VoteName + "=" + VoteValues.A + Attributes,
        (VoteValues.A, true) => VoteName + "=" + VoteValues.A + Attributes + "; Secure",
        (_, false) => VoteName + "=" + VoteValues.B + Attributes,
        (_, true) => VoteName + "=" + VoteValues.B + Attributes + "; Secure",
    };

    /// <summary>
    /// Sets the voter id cookie and, when given, the chosen option's cookie, scoped to <paramref name="prefix"/> (the
    /// request's <see cref="ProxyHeaders.LinkPrefix"/>, which the caller also renders the page with).
    /// </summary>
    public static void Write(HttpContext context, string voterId, string? vote, string prefix)
    {
        var secure = context.Request.IsHttps;
        context.Response.Headers.SetCookie = vote is null
            ? new StringValues(VoterIdCookie(voterId, secure, prefix))
            : new StringValues([VoterIdCookie(voterId, secure, prefix), VoteCookie(vote, secure, prefix)]);
    }
}
