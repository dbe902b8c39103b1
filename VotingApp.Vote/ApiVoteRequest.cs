using System.Text.Json;

namespace VotingApp.Vote;

/// <summary>Reads the body of <c>POST /api/vote</c>: a JSON object with a string field <c>vote</c>.</summary>
internal static class ApiVoteRequest
{
    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 8 };

    /// <summary>
    /// Extracts <c>vote</c> from <paramref name="json"/>. Returns false with a client-facing reason when the body is
    /// not a JSON object or <c>vote</c> is not a string; <paramref name="vote"/> is null when the field is absent.
    /// Other fields are ignored.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out string? vote, out string error)
    {
        vote = null;
        try
        {
            var reader = new Utf8JsonReader(json, s_options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "The body must be a JSON object such as {\"vote\":\"a\"}.";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVote = reader.ValueTextEquals("vote"u8);
                reader.Read();
                if (!isVote)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.String)
                {
                    error = "The field 'vote' must be a string.";
                    return false;
                }
                if (vote is null)
                {
                    vote = reader.ValueTextEquals("a"u8) ? VoteValues.A
                        : reader.ValueTextEquals("b"u8) ? VoteValues.B
                        : reader.GetString();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "The body is not a single JSON object.";
                return false;
            }
        }
        catch (JsonException)
        {
            error = "The body is not valid JSON.";
            return false;
        }
        error = string.Empty;
        return true;
    }
}
