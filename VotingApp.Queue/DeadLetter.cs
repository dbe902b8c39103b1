using System.Text.Json.Serialization;

namespace VotingApp.Queue;

/// <summary>A message the worker could not store, with why, who and when. Stored as JSON on <see cref="QueueKeys.DeadLetter"/>.</summary>
public sealed record DeadLetter(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("at")] DateTimeOffset At);
