using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Placeholder signatures; the implementation follows in the next commit.</summary>
public static class HostProcessFallbackExtensions
{
    public static IResourceBuilder<RedisResource> WithHostProcessFallback(this IResourceBuilder<RedisResource> builder) => builder;

    public static IResourceBuilder<PostgresServerResource> WithHostProcessFallback(this IResourceBuilder<PostgresServerResource> builder) => builder;

    public static IResourceBuilder<RedisResource> WithDurableAppendOnlyFile(this IResourceBuilder<RedisResource> builder) =>
        builder.WithAnnotation(new DurableAppendOnlyFileAnnotation(), ResourceAnnotationMutationBehavior.Replace);
}
