using VotingApp.ServiceDefaults.Web;
using System.Diagnostics;
using VotingApp.Queue;

namespace VotingApp.Vote;

/// <summary>
/// The vote service's HTTP surface, written as plain request delegates (no model binding, no MVC):
/// <c>GET /</c>, <c>POST /</c> (form field <c>vote</c>) and <c>POST /api/vote</c> (JSON).
/// </summary>
internal sealed class VoteEndpoints(VotePage page, OptionLabels labels, VoteSubmitter submitter, VoteMetrics metrics)
{
    private const string UnavailableMessage =
        "Sorry, your vote could not be recorded right now: the vote queue is unavailable. Please try again in a moment.";

    /// <summary>Maps the endpoints; other methods on <c>/</c> get 405 from routing.</summary>
    public static void Map(WebApplication app)
    {
        var endpoints = app.Services.GetRequiredService<VoteEndpoints>();
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], endpoints.GetPageAsync);
        app.MapPost("/", endpoints.PostFormAsync);
        app.MapPost("/api/vote", endpoints.PostApiAsync);
        foreach (var asset in app.Services.GetRequiredService<PageAssets>().All)
        {
            app.MapMethods(asset.Path, [HttpMethods.Get, HttpMethods.Head], asset.WriteAsync);
        }
    }

    /// <summary><c>GET /</c>: the page, with the voter's last choice marked (from the <c>vote</c> cookie).</summary>
    public Task GetPageAsync(HttpContext context)
    {
        // a page view never fails on a bad cookie: it replaces it, so the next vote from this browser gets in
        if (!VoterCookies.TryGetVoterId(context.Request, out var voterId, out _, out _))
        {
            voterId = VoterIds.NewId();
        }
        var prefix = ProxyHeaders.LinkPrefix(context.Request);
        VoterCookies.Write(context, voterId, vote: null, prefix);
        return Responses.PageAsync(context, page.For(VoterCookies.ReadChosen(context.Request), prefix));
    }

    /// <summary>
    /// <c>POST /</c>: the original form post (also curl and ApacheBench); answers with the page. The body is
    /// <c>application/x-www-form-urlencoded</c> or <c>multipart/form-data</c> of at most <see cref="RequestBody.MaxBytes"/>
    /// bytes: larger gets 413, whatever the framing, before more than that is read.
    /// </summary>
    public async Task PostFormAsync(HttpContext context)
    {
        var request = context.Request;
        if (RequestBody.Limit(context))
        {
            await RefuseFormTooLargeAsync(context);
            return;
        }
        string? value;
        var multipart = request.HasFormContentType && !RequestBody.HasMediaType(request, "application/x-www-form-urlencoded");
        if (multipart || RequestBody.HasMediaType(request, "application/x-www-form-urlencoded"))
        {
            var body = await RequestBody.ReadAsync(request, context.RequestAborted);
            if (body is null)
            {
                await RefuseFormTooLargeAsync(context);
                return;
            }
            if (!multipart)
            {
                value = FormVoteParser.FindVote(body);
            }
            else
            {
                // multipart/form-data: parsed from the bounded bytes in memory, not with ReadFormAsync, which would
                // read the whole body and spool it to a temporary file
                try
                {
                    value = await RequestBody.FindMultipartFieldAsync(request.ContentType, body, "vote", context.RequestAborted);
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException)
                {
                    metrics.Rejected(VoteMetrics.InvalidBody);
                    await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "The multipart/form-data body is malformed.");
                    return;
                }
            }
        }
        else
        {
            metrics.Rejected(VoteMetrics.UnsupportedMediaType);
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest,
                "Send the vote as a form field: Content-Type application/x-www-form-urlencoded with body vote=a or vote=b.");
            return;
        }

        if (!VoteValues.TryValidate(value, labels, out var vote, out var error))
        {
            metrics.Rejected(VoteMetrics.InvalidVote);
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }
        if (!VoterCookies.TryGetVoterId(request, out var voterId, out _, out error))
        {
            metrics.Rejected(VoteMetrics.InvalidVoterId);
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }
        if (!await TrySubmitAsync(voterId, vote))
        {
            await Responses.TextAsync(context, StatusCodes.Status503ServiceUnavailable, UnavailableMessage);
            return;
        }
        var prefix = ProxyHeaders.LinkPrefix(request);
        VoterCookies.Write(context, voterId, vote, prefix);
        await Responses.PageAsync(context, page.For(vote, prefix));
    }

    /// <summary>
    /// <c>POST /api/vote</c> with <c>{"vote":"a"}</c>: 202 with the voter id once the vote is queued; 413 (problem
    /// details) for a body over <see cref="RequestBody.MaxBytes"/> bytes, before more than that is read; 415 for another
    /// content type.
    /// </summary>
    public async Task PostApiAsync(HttpContext context)
    {
        var request = context.Request;
        // the size first: a declared length over the limit is refused whatever its content type
        var tooLarge = RequestBody.Limit(context);
        if (!tooLarge && !RequestBody.HasMediaType(request, "application/json"))
        {
            metrics.Rejected(VoteMetrics.UnsupportedMediaType);
            await Responses.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                "Send the vote as JSON (Content-Type: application/json), e.g. {\"vote\":\"a\"}.");
            return;
        }
        var body = tooLarge ? null : await RequestBody.ReadAsync(request, context.RequestAborted);
        if (body is null)
        {
            metrics.Rejected(VoteMetrics.InvalidBody);
            await Responses.ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large",
                $"The request body is larger than {RequestBody.MaxBytes} bytes; a vote is {{\"vote\":\"a\"}}.");
            return;
        }
        if (!ApiVoteRequest.TryParse(body, out var value, out var error)
            || !VoteValues.TryValidate(value, labels, out var vote, out error)
            || !VoterCookies.TryGetVoterId(request, out var voterId, out _, out error))
        {
            metrics.Rejected(ApiRejectionReason(body));
            await Responses.ProblemAsync(context, StatusCodes.Status400BadRequest, "Bad Request", error);
            return;
        }
        if (!await TrySubmitAsync(voterId, vote))
        {
            await Responses.ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable", UnavailableMessage);
            return;
        }
        VoterCookies.Write(context, voterId, vote, ProxyHeaders.LinkPrefix(request));
        await Responses.AcceptedAsync(context, voterId, vote);
    }

    private Task RefuseFormTooLargeAsync(HttpContext context)
    {
        metrics.Rejected(VoteMetrics.InvalidBody);
        return Responses.TextAsync(context, StatusCodes.Status413PayloadTooLarge,
            $"The request body is larger than {RequestBody.MaxBytes} bytes; a vote is just vote=a or vote=b.");
    }

    private async Task<bool> TrySubmitAsync(string voterId, string vote)
    {
        var message = new VoteMessage(voterId, vote, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Activity.Current?.Id);
        try
        {
            await submitter.SubmitAsync(message);
            metrics.Accepted(vote);
            return true;
        }
        catch (VoteQueueUnavailableException)
        {
            metrics.Rejected(VoteMetrics.QueueUnavailable);
            return false;
        }
    }

    // the reason of a refused API vote, worked out again only on that (rare) path
    private string ApiRejectionReason(byte[] body) =>
        !ApiVoteRequest.TryParse(body, out var value, out _) ? VoteMetrics.InvalidBody
        : !VoteValues.TryValidate(value, labels, out _, out _) ? VoteMetrics.InvalidVote
        : VoteMetrics.InvalidVoterId;
}
