using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace VotingApp.Vote;

/// <summary>
/// Reads a small request body into memory, refusing bodies larger than a limit whatever their content type or
/// framing (<c>Content-Length</c>, chunked, HTTP/2 frames without a length). Nothing is ever buffered to disk: the
/// framework's form reader, which spools bodies over 64 KiB to <c>ASPNETCORE_*.tmp</c> files, is not used.
/// </summary>
internal static class RequestBody
{
    /// <summary>Largest body accepted by the vote endpoints, in bytes: a vote is a few bytes.</summary>
    public const int MaxBytes = 4096;

    /// <summary>
    /// Caps this request's body at <see cref="MaxBytes"/> in the server and says whether the body is already known to be
    /// too large (its declared <c>Content-Length</c>). Call before reading anything: when this returns true, answer 413
    /// without reading, and the server stops at the limit instead of draining the rest.
    /// </summary>
    public static bool Limit(HttpContext context)
    {
        // The server's own limit (Kestrel's default is 30 MB) also covers bodies that declare no length: reading past
        // MaxBytes fails there instead of after the whole upload, and the unread rest is not drained but the connection
        // closed. A body that declares a length up to DrainBytes is still answered 413 unread, and the server then
        // discards it (never stored): the connection stays usable, and a keep-alive client reliably reads its 413. Closing
        // with those bytes unread made the kernel reset the connection, and the client sometimes saw "response ended
        // prematurely" instead of the 413. Read-only once the body has been read from; nothing reads it before the endpoint.
        var declared = context.Request.ContentLength;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = declared is > MaxBytes and <= DrainBytes ? declared : MaxBytes;
        }
        return declared > MaxBytes;
    }

    /// <summary>
    /// Largest declared body, in bytes, that the server discards after a 413 to keep the connection: below the 64 KiB at
    /// which ASP.NET Core's form reader would start spooling to disk, and never held in memory.
    /// </summary>
    public const int DrainBytes = 64 * 1024 - 1;

    /// <summary>
    /// The body's bytes, or null when it is longer than <see cref="MaxBytes"/> (at most <see cref="MaxBytes"/> plus one
    /// read of the transport is consumed before giving up).
    /// </summary>
    public static async ValueTask<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }
        var reader = request.BodyReader;
        try
        {
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
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // the server's limit set by Limit(): the same answer as our own count
            return null;
        }
    }

    /// <summary>
    /// The first form field named <paramref name="name"/> of a <c>multipart/form-data</c> body already in memory, or
    /// null when there is none. File parts are skipped, never buffered. Throws <see cref="InvalidDataException"/> or
    /// <see cref="IOException"/> when the body is not valid multipart, and returns null when the content type has no
    /// boundary.
    /// </summary>
    public static async ValueTask<string?> FindMultipartFieldAsync(string? contentType, byte[] body, string name, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return null;
        }
        var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false));
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && disposition.IsFormDisposition()
                && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(name, StringComparison.Ordinal))
            {
                using var text = new StreamReader(section.Body, Encoding.UTF8);
                return await text.ReadToEndAsync(cancellationToken);
            }
        }
        return null;
    }

    /// <summary>Whether the request declares the media type <paramref name="mediaType"/>.</summary>
    public static bool HasMediaType(HttpRequest request, string mediaType)
    {
        var contentType = request.ContentType.AsSpan().TrimStart();
        return contentType.StartsWith(mediaType, StringComparison.OrdinalIgnoreCase)
            && (contentType.Length == mediaType.Length || contentType[mediaType.Length] is ';' or ' ' or '\t');
    }
}
