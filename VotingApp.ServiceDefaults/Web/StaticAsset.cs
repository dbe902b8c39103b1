using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace VotingApp.ServiceDefaults.Web;

/// <summary>
/// A file embedded in the assembly (under <c>Assets/</c>) and served from memory at a URL that contains a hash of its
/// content, so it can be cached for a year: a change of content is a change of URL. Nothing is read from disk, so the
/// service runs from any working directory.
/// </summary>
public sealed class StaticAsset
{
    /// <summary>Cache policy of every asset: the URL changes whenever the content does.</summary>
    public const string CacheControl = "public, max-age=31536000, immutable";

    private static readonly StringValues s_cacheControl = CacheControl;

    private readonly byte[] _content;
    private readonly StringValues _etag;
    private readonly StringValues _contentType;

    private StaticAsset(string path, string contentType, byte[] content, string etag)
    {
        Path = path;
        _contentType = contentType;
        _content = content;
        _etag = etag;
    }

    /// <summary>The URL path, e.g. <c>/static/vote.0123456789ab.css</c>.</summary>
    public string Path { get; }

    /// <summary>Loads the embedded resource <c>Assets/<paramref name="fileName"/></c> of <paramref name="assembly"/>.</summary>
    public static StaticAsset Load(Assembly assembly, string fileName, string contentType)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(fileName);
        using var stream = assembly.GetManifestResourceStream("Assets/" + fileName)
            ?? throw new InvalidOperationException($"Embedded asset 'Assets/{fileName}' is missing from {assembly.GetName().Name}.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var content = memory.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
        var dot = fileName.LastIndexOf('.');
        var path = $"/static/{fileName[..dot]}.{hash}{fileName[dot..]}";
        return new StaticAsset(path, contentType, content, $"\"{hash}\"");
    }

    /// <summary>Answers a GET or HEAD for the asset (304 when the client already holds this version).</summary>
    public Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.Headers.CacheControl = s_cacheControl;
        response.Headers.ETag = _etag;
        if (context.Request.Headers.IfNoneMatch == _etag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.Headers.ContentType = _contentType;
        response.ContentLength = _content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(_content, context.RequestAborted).AsTask();
    }
}
