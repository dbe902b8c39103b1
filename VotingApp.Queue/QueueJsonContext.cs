using System.Text.Json.Serialization;

namespace VotingApp.Queue;

[JsonSerializable(typeof(DeadLetter))]
internal sealed partial class QueueJsonContext : JsonSerializerContext;
