using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace VotingApp.Vote;

/// <summary>Writes the service's responses directly to the body: HTML pages, plain-text errors and JSON.</summary>
internal static class Responses
{
    private static readonly StringValues s_html = "text/html; charset=utf-8";
    private static readonly StringValues s_text = "text/plain; charset=utf-8";
    private static readonly StringValues s_json = "application/json; charset=utf-8";
    private static readonly StringValues s_problem = "application/problem+json; charset=utf-8";
    private static readonly StringValues s_noStore = "no-store";
    private static readonly StringValues s_retryAfter = "1";
    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };

    // messages are served as JSON with nosniff, so quotes and apostrophes need not become \u0027 escapes
    private static readonly JsonWriterOptions s_problemOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a pre-rendered HTML page (never cached: it reflects the voter's cookie).</summary>
    public static Task PageAsync(HttpContext context, ReadOnlyMemory<byte> page)
    {
        var response = context.Response;
        response.Headers.ContentType = s_html;
        response.Headers.CacheControl = s_noStore;
        response.ContentLength = page.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(page, context.RequestAborted).AsTask();
    }

    /// <summary>Writes a plain-text message with <paramref name="statusCode"/>; a 503 also says when to retry.</summary>
    public static Task TextAsync(HttpContext context, int statusCode, string message)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.Headers.ContentType = s_text;
        response.Headers.CacheControl = s_noStore;
        if (statusCode == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = s_retryAfter;
        }
        var bytes = Encoding.UTF8.GetBytes(message + "\n");
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    /// <summary>Writes an RFC 9457 problem document; a 503 also says when to retry.</summary>
    public static Task ProblemAsync(HttpContext context, int statusCode, string title, string detail)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.Headers.ContentType = s_problem;
        response.Headers.CacheControl = s_noStore;
        if (statusCode == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = s_retryAfter;
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_problemOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "about:blank");
            writer.WriteString("title"u8, title);
            writer.WriteNumber("status"u8, statusCode);
            writer.WriteString("detail"u8, detail);
            writer.WriteEndObject();
        }
        return WriteAsync(context, buffer);
    }

    /// <summary>Writes <c>202 {"voter_id":"…","vote":"a"}</c>: the vote is in the queue.</summary>
    public static Task AcceptedAsync(HttpContext context, string voterId, string vote)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status202Accepted;
        response.Headers.ContentType = s_json;
        response.Headers.CacheControl = s_noStore;
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("voter_id"u8, voterId);
            writer.WriteString("vote"u8, vote);
            writer.WriteEndObject();
        }
        return WriteAsync(context, buffer);
    }

    private static Task WriteAsync(HttpContext context, ArrayBufferWriter<byte> buffer)
    {
        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }
}
