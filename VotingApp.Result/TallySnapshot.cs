using VotingApp.Queue;
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace VotingApp.Result;

/// <summary>
/// One immutable state of the tally with its JSON, serialized once and shared by every request and viewer:
/// <c>{"options":[{"id":"a","label":"Cats","votes":N},{"id":"b","label":"Dogs","votes":M}],"total":N+M}</c>.
/// </summary>
internal sealed class TallySnapshot
{
    private TallySnapshot(long a, long b, byte[] utf8Json)
    {
        A = a;
        B = b;
        Utf8Json = utf8Json;
        Json = Encoding.UTF8.GetString(utf8Json);
    }

    /// <summary>Votes for option <c>a</c>.</summary>
    public long A { get; }

    /// <summary>Votes for option <c>b</c>.</summary>
    public long B { get; }

    /// <summary>All votes.</summary>
    public long Total => A + B;

    /// <summary>The JSON document as text (SSE data).</summary>
    public string Json { get; }

    /// <summary>The JSON document as UTF-8 (<c>GET /api/results</c>).</summary>
    public byte[] Utf8Json { get; }

    /// <summary>Whether this snapshot has the same counts as <paramref name="other"/>.</summary>
    public bool SameCounts(TallySnapshot other) => A == other.A && B == other.B;

    /// <summary>Builds the snapshot for the counts <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static TallySnapshot Create(OptionLabels labels, long a, long b)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var buffer = new ArrayBufferWriter<byte>(160);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("options"u8);
            WriteOption(writer, "a", labels.OptionA, a);
            WriteOption(writer, "b", labels.OptionB, b);
            writer.WriteEndArray();
            writer.WriteNumber("total"u8, a + b);
            writer.WriteEndObject();
        }
        return new TallySnapshot(a, b, buffer.WrittenSpan.ToArray());
    }

    private static void WriteOption(Utf8JsonWriter writer, string id, string label, long votes)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("label"u8, label);
        writer.WriteNumber("votes"u8, votes);
        writer.WriteEndObject();
    }
}
