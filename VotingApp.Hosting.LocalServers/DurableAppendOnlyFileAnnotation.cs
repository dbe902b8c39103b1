namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a Redis resource whose every acknowledged write is in its append-only file before the reply
/// (<c>appendonly yes</c>, <c>appendfsync always</c>; Garnet: <c>--aof --aof-commit-wait</c>). Added by
/// <see cref="LocalServersBuilderExtensions.WithDurableAppendOnlyFile"/>; publishers read it too.
/// </summary>
public sealed class DurableAppendOnlyFileAnnotation : IResourceAnnotation;
