using System.Buffers;

namespace VotingApp.Vote;

/// <summary>Reads a small request body into memory, refusing bodies larger than a limit.</summary>
internal static class RequestBody
{
    /// <summary>Largest body accepted by the vote endpoints: a vote is a few bytes.</summary>
    public const int MaxBytes = 4096;

    /// <summary>The body's bytes, or null when it is longer than <see cref="MaxBytes"/>.</summary>
    public static async ValueTask<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > MaxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Whether the request declares the media type <paramref name="mediaType"/>.</summary>
    public static bool HasMediaType(HttpRequest request, string mediaType)
    {
        var contentType = request.ContentType.AsSpan().TrimStart();
        return contentType.StartsWith(mediaType, StringComparison.OrdinalIgnoreCase)
            && (contentType.Length == mediaType.Length || contentType[mediaType.Length] is ';' or ' ' or '\t');
    }
}
