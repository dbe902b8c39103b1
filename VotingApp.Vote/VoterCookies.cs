using Microsoft.Extensions.Primitives;
using VotingApp.Queue;

namespace VotingApp.Vote;

/// <summary>
/// The cookies of a voter: <c>voter_id</c> (HttpOnly: who votes) and <c>vote</c> (readable: which option the page marks).
/// Both are first-party, <c>SameSite=Lax</c>, <c>Path=/</c>, kept for a year, and <c>Secure</c> over HTTPS.
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

    /// <summary><c>Set-Cookie</c> value for the voter id.</summary>
    public static string VoterIdCookie(string voterId, bool secure) =>
        string.Concat(VoterIdName + "=", voterId, secure ? Attributes + "; HttpOnly; Secure" : Attributes + "; HttpOnly");

    /// <summary><c>Set-Cookie</c> value for the chosen option (readable by the page's script).</summary>
    public static string VoteCookie(string vote, bool secure) => (vote, secure) switch
    {
        (VoteValues.A, false) => VoteName + "=" + VoteValues.A + Attributes,
        (VoteValues.A, true) => VoteName + "=" + VoteValues.A + Attributes + "; Secure",
        (_, false) => VoteName + "=" + VoteValues.B + Attributes,
        (_, true) => VoteName + "=" + VoteValues.B + Attributes + "; Secure",
    };

    /// <summary>Sets the voter id cookie and, when given, the chosen option's cookie.</summary>
    public static void Write(HttpContext context, string voterId, string? vote)
    {
        var secure = context.Request.IsHttps;
        context.Response.Headers.SetCookie = vote is null
            ? new StringValues(VoterIdCookie(voterId, secure))
            : new StringValues([VoterIdCookie(voterId, secure), VoteCookie(vote, secure)]);
    }
}
