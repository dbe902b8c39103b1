namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The Redis-protocol server keeps an append-only file fsynced on every write (<c>appendonly yes</c>,
/// <c>appendfsync always</c>; Garnet: AOF with commit-wait), so a write the server acknowledged survives a SIGKILL.
/// Added by <c>WithDurableAppendOnlyFile()</c>; publishers read it to configure the server they deploy.
/// </summary>
public sealed class DurableAppendOnlyFileAnnotation : IResourceAnnotation;
