namespace VotingApp.Hosting.Publishing;

/// <summary>One piece of an environment value: literal text, or a secret parameter's value.</summary>
internal sealed record EnvSegment(string? Literal, string? SecretParameter);

/// <summary>An environment value made of literal text and secret placeholders; <see cref="BackingService"/> is the server it points at.</summary>
internal sealed record EnvValue(IReadOnlyList<EnvSegment> Segments, string? BackingService)
{
    /// <summary>Whether any part is secret.</summary>
    public bool HasSecret => Segments.Any(s => s.SecretParameter is not null);

    /// <summary>The value when it is exactly one secret parameter.</summary>
    public string? SoleSecret => Segments is [{ SecretParameter: { } name }] ? name : null;

    /// <summary>Renders with each literal escaped and each secret replaced.</summary>
    public string Render(Func<string, string> literal, Func<string, string> secret) =>
        string.Concat(Segments.Select(s => s.SecretParameter is { } name ? secret(name) : literal(s.Literal!)));

    /// <summary>A value with no secret.</summary>
    public static EnvValue Of(string literal) => new([new EnvSegment(literal, null)], null);
}
