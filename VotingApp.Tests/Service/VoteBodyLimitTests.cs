using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using VotingApp.Queue;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;
using VotingApp.Vote;

namespace VotingApp.Tests.Service;

/// <summary>
/// The vote endpoints' body limit holds for every content type and framing: a body over the limit gets 413, the
/// service reads no more of it than the limit (so nothing can be buffered to a temporary file, which ASP.NET Core's
/// form reader does past 64 KiB), and the vote it carries is not queued.
/// </summary>
public sealed class VoteBodyLimitTests
{
    // 1 MiB: far past the vote limit and past the form reader's 64 KiB in-memory threshold
    private const int Large = 1 << 20;

    /// <summary>Whatever the app read of the body must stay well below the form reader's spill-to-disk threshold.</summary>
    private const long MostReadAllowed = 64 * 1024;

    public static TheoryData<string, string, bool> Bodies => new()
    {
        { "/", "multipart", true },
        { "/", "multipart", false },
        { "/", "urlencoded", true },
        { "/", "urlencoded", false },
        { "/", "octet-stream", true },
        { "/api/vote", "json", true },
        { "/api/vote", "json", false },
        { "/api/vote", "multipart", true },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_over_the_limit_gets_413_unread_and_the_vote_is_not_counted(string path, string kind, bool withLength)
    {
        await using var redis = await RedisServer.StartAsync("redis-server");
        long bodyBytesRead = 0;
        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:cache"] = redis.ConnectionString },
            builder => builder.AddVoteServices(),
            app =>
            {
                // counts what the endpoints read of the request body, whichever API (stream or pipe) they use
                app.Use(async (context, next) =>
                {
                    context.Request.Body = new CountingStream(context.Request.Body, n => Interlocked.Add(ref bodyBytesRead, n));
                    await next(context);
                });
                app.MapVoteEndpoints();
            });

        HttpContent content = Body(kind);
        if (!withLength)
        {
            content = new ChunkedContent(content);
        }
        using var response = await service.Client.PostAsync(new Uri(path, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(Interlocked.Read(ref bodyBytesRead) < MostReadAllowed, $"the service read {bodyBytesRead} bytes of the body");
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.Equal(0, await connection.GetDatabase().ListLengthAsync(QueueKeys.Votes));
    }

    [Theory]
    [InlineData("multipart", true)]
    [InlineData("multipart", false)]
    [InlineData("urlencoded", false)]
    public async Task A_small_form_vote_in_any_framing_is_still_taken(string kind, bool withLength)
    {
        await using var redis = await RedisServer.StartAsync("redis-server");
        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:cache"] = redis.ConnectionString },
            builder => builder.AddVoteServices(),
            app => app.MapVoteEndpoints());
        HttpContent content = kind == "multipart"
            ? new MultipartFormDataContent { { new StringContent("a"), "vote" } }
            : new FormUrlEncodedContent([new("vote", "a")]);
        if (!withLength)
        {
            content = new ChunkedContent(content);
        }

        using var response = await service.Client.PostAsync(new Uri("/", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.Equal(1, await connection.GetDatabase().ListLengthAsync(QueueKeys.Votes));
    }

    private static HttpContent Body(string kind)
    {
        var filler = new string('x', Large);
        switch (kind)
        {
            case "multipart":
                // the vote first, as curl -F vote=a -F x=@big.bin sends it
                return new MultipartFormDataContent
                {
                    { new StringContent("a"), "vote" },
                    { new ByteArrayContent(new byte[Large]), "x", "big.bin" },
                };
            case "urlencoded":
                return new StringContent("vote=a&x=" + filler, null, "application/x-www-form-urlencoded");
            case "json":
                return new StringContent("{\"vote\":\"a\",\"x\":\"" + filler + "\"}", null, "application/json");
            default:
                var bytes = new ByteArrayContent(new byte[Large]);
                bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return bytes;
        }
    }

    /// <summary>Sends another content with <c>Transfer-Encoding: chunked</c> (no <c>Content-Length</c>).</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            foreach (var header in inner.Headers)
            {
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private sealed class CountingStream(Stream inner, Action<int> counted) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            counted(n);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            counted(n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
