using System.Buffers.Binary;
using System.Text;

namespace VotingApp.Hosting.Dashboard.Telemetry;

/// <summary>
/// A minimal protobuf decoder, enough to read OTLP export requests: a message is the list of its fields, each a
/// varint, a fixed 32/64-bit value, or length-delimited bytes (strings, bytes and sub-messages). Truncated or
/// malformed input throws <see cref="InvalidDataException"/>; nothing is read past the buffer.
/// </summary>
internal sealed class ProtoReader
{
    private readonly List<(int Field, int WireType, ulong Number, ReadOnlyMemory<byte> Bytes)> _fields = [];

    private ProtoReader()
    {
    }

    public static ProtoReader Parse(ReadOnlyMemory<byte> data)
    {
        var reader = new ProtoReader();
        var span = data.Span;
        var position = 0;
        while (position < span.Length)
        {
            var key = ReadVarint(span, ref position);
            var field = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    reader._fields.Add((field, wireType, ReadVarint(span, ref position), default));
                    break;
                case 1:
                    Need(span, position, 8);
                    reader._fields.Add((field, wireType, BinaryPrimitives.ReadUInt64LittleEndian(span[position..]), default));
                    position += 8;
                    break;
                case 2:
                    var length = ReadVarint(span, ref position);
                    if (length > (ulong)(span.Length - position))
                    {
                        throw new InvalidDataException($"field {field} says {length} bytes, {span.Length - position} are left");
                    }
                    reader._fields.Add((field, wireType, 0, data.Slice(position, (int)length)));
                    position += (int)length;
                    break;
                case 5:
                    Need(span, position, 4);
                    reader._fields.Add((field, wireType, BinaryPrimitives.ReadUInt32LittleEndian(span[position..]), default));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported wire type {wireType}");
            }
        }
        return reader;
    }

    public IEnumerable<ProtoReader> Messages(int field) =>
        _fields.Where(f => f.Field == field && f.WireType == 2).Select(f => Parse(f.Bytes)).ToList();

    public ProtoReader? Message(int field) => Messages(field).FirstOrDefault();

    public string String(int field) =>
        _fields.Where(f => f.Field == field && f.WireType == 2).Select(f => Encoding.UTF8.GetString(f.Bytes.Span)).FirstOrDefault() ?? string.Empty;

    public string Hex(int field) =>
        _fields.Where(f => f.Field == field && f.WireType == 2).Select(f => Convert.ToHexStringLower(f.Bytes.Span)).FirstOrDefault() ?? string.Empty;

    public ulong Number(int field) => _fields.Where(f => f.Field == field && f.WireType != 2).Select(f => f.Number).FirstOrDefault();

    /// <summary>A <c>double</c> field (fixed 64-bit), or null when absent.</summary>
    public double? Double(int field) => _fields.Where(f => f.Field == field && f.WireType == 1)
        .Select(f => (double?)BitConverter.UInt64BitsToDouble(f.Number)).FirstOrDefault();

    /// <summary>Whether the message has <paramref name="field"/>.</summary>
    public bool Has(int field) => _fields.Exists(f => f.Field == field);

    /// <summary>OTLP <c>KeyValue</c> list (field <paramref name="field"/>) as text: strings, ints, doubles and bools.</summary>
    public Dictionary<string, string> Attributes(int field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Messages(field))
        {
            result[pair.String(1)] = pair.Message(2) is { } value ? AnyValue(value) : string.Empty;
        }
        return result;
    }

    /// <summary>OTLP <c>AnyValue</c> as text.</summary>
    public static string AnyValue(ProtoReader value)
    {
        foreach (var f in value._fields)
        {
            switch (f.Field)
            {
                case 1:
                    return Encoding.UTF8.GetString(f.Bytes.Span);
                case 2:
                    return f.Number != 0 ? "true" : "false";
                case 3:
                    return ((long)f.Number).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case 4:
                    return BitConverter.UInt64BitsToDouble(f.Number).ToString(System.Globalization.CultureInfo.InvariantCulture);
                default:
                    return Encoding.UTF8.GetString(f.Bytes.Span);
            }
        }
        return string.Empty;
    }

    private static void Need(ReadOnlySpan<byte> span, int position, int count)
    {
        if (span.Length - position < count)
        {
            throw new InvalidDataException($"truncated: {count} bytes needed at {position}, {span.Length - position} left");
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            Need(span, position, 1);
            var b = span[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new InvalidDataException("varint too long");
    }
}
