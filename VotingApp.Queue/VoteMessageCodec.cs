using System.Buffers;
using System.Text;
using System.Text.Json;

namespace VotingApp.Queue;

/// <summary>Writes and reads the queue's JSON without reflection and with clear reasons for rejects.</summary>
public static class VoteMessageCodec
{
    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };

    /// <summary>Serializes <paramref name="message"/> to UTF-8 JSON.</summary>
    public static byte[] Encode(VoteMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("voter_id"u8, message.VoterId);
            writer.WriteString("vote"u8, message.Vote);
            writer.WriteNumber("ts"u8, message.Timestamp);
            if (message.TraceParent is { Length: > 0 } traceParent)
            {
                writer.WriteString("traceparent"u8, traceParent);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Parses a queue message. Messages from the original app (no <c>ts</c>) get <paramref name="fallbackTimestamp"/>.
    /// Returns false with a human-readable <paramref name="reason"/> for anything that cannot be stored.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> json, long fallbackTimestamp, out VoteMessage? message, out string reason)
    {
        message = null;
        string? voterId = null;
        string? vote = null;
        long? ts = null;
        string? traceParent = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reason = "not a JSON object";
                return false;
            }
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    reason = "malformed JSON object";
                    return false;
                }
                if (reader.ValueTextEquals("voter_id"u8))
                {
                    reader.Read();
                    voterId = ReadString(ref reader, "voter_id");
                }
                else if (reader.ValueTextEquals("vote"u8))
                {
                    reader.Read();
                    vote = ReadString(ref reader, "vote");
                }
                else if (reader.ValueTextEquals("ts"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var t) || t < 0)
                    {
                        reason = "field 'ts' must be a non-negative integer (Unix milliseconds)";
                        return false;
                    }
                    ts = t;
                }
                else if (reader.ValueTextEquals("traceparent"u8))
                {
                    reader.Read();
                    traceParent = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (!reader.IsFinalBlock || reader.Read())
            {
                // trailing content after the object
                reason = "trailing content after the JSON object";
                return false;
            }
        }
        catch (JsonException ex)
        {
            reason = $"invalid JSON: {ex.Message}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            reason = $"invalid JSON: {ex.Message}";
            return false;
        }

        if (voterId is null)
        {
            reason = "missing field 'voter_id'";
            return false;
        }
        if (!VoterIds.IsValid(voterId, out var voterReason))
        {
            reason = voterReason;
            return false;
        }
        if (vote is null)
        {
            reason = "missing field 'vote'";
            return false;
        }
        if (vote is not ("a" or "b"))
        {
            reason = $"unknown option '{Truncate(vote)}' (expected 'a' or 'b')";
            return false;
        }
        message = new VoteMessage(voterId, vote, ts ?? fallbackTimestamp, traceParent);
        reason = string.Empty;
        return true;
    }

    /// <summary>Convenience overload for tests and tools.</summary>
    public static bool TryDecode(string json, long fallbackTimestamp, out VoteMessage? message, out string reason) =>
        TryDecode(Encoding.UTF8.GetBytes(json), fallbackTimestamp, out message, out reason);

    private static string? ReadString(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()
            : throw new JsonException($"field '{field}' must be a string");

    private static string Truncate(string value) => value.Length <= 32 ? value : string.Concat(value.AsSpan(0, 32), "…");
}
