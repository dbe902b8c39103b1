using System.Text;

namespace VotingApp.Vote;

/// <summary>
/// Finds the <c>vote</c> field in an <c>application/x-www-form-urlencoded</c> body without building a form
/// collection: the hot path of <c>POST /</c> (ApacheBench, curl, browsers without JavaScript).
/// </summary>
internal static class FormVoteParser
{
    /// <summary>
    /// Returns the decoded value of the first <c>vote</c> field of <paramref name="body"/>, or null when there is none.
    /// Keys and values are percent-decoded (and <c>+</c> means a space) as browsers encode them.
    /// </summary>
    public static string? FindVote(ReadOnlySpan<byte> body)
    {
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'&');
            var pair = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];

            var equals = pair.IndexOf((byte)'=');
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            if (IsVoteKey(key))
            {
                return DecodeValue(value);
            }
        }
        return null;
    }

    private static bool IsVoteKey(ReadOnlySpan<byte> key) =>
        key.SequenceEqual("vote"u8) || (NeedsDecoding(key) && Decode(key) == "vote");

    private static string DecodeValue(ReadOnlySpan<byte> value)
    {
        // the two valid answers come back as interned constants: no allocation on the hot path
        if (value.Length == 1)
        {
            if (value[0] == (byte)'a')
            {
                return VoteValues.A;
            }
            if (value[0] == (byte)'b')
            {
                return VoteValues.B;
            }
        }
        return NeedsDecoding(value) ? Decode(value) : Encoding.UTF8.GetString(value);
    }

    private static bool NeedsDecoding(ReadOnlySpan<byte> text) => text.IndexOfAny("%+"u8) >= 0;

    private static string Decode(ReadOnlySpan<byte> text)
    {
        var raw = Encoding.UTF8.GetString(text).Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(raw);
        }
        catch (UriFormatException)
        {
            return raw;
        }
    }
}
