using System.Text.Json.Serialization;

namespace VotingApp.Queue;

/// <summary>
/// A message the worker could not store, with why, who and when. Stored as JSON on <see cref="QueueKeys.DeadLetter"/>:
/// <c>{"message","message_base64","reason","worker","at"}</c>.
/// </summary>
/// <param name="Message">
/// The message decoded as UTF-8 text, for people reading the list. Lossy: bytes that are not UTF-8 appear as U+FFFD.
/// Kept because readers of the first format use it; <paramref name="MessageBytes"/> is the exact payload.
/// </param>
/// <param name="MessageBytes">
/// The exact bytes taken from the queue, as base64 in <c>message_base64</c> (an empty message is an empty string).
/// Null only on letters written before this field existed.
/// </param>
/// <param name="Reason">Why the message was refused: short, human-readable, never the whole payload.</param>
/// <param name="Worker">Id of the worker that refused it.</param>
/// <param name="At">When it was refused (UTC, ISO 8601).</param>
public sealed record DeadLetter(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("message_base64")] byte[]? MessageBytes,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("at")] DateTimeOffset At);
