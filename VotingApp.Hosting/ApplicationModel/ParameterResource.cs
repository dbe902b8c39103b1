namespace VotingApp.Hosting.ApplicationModel;

/// <summary>
/// A value read from configuration key <c>Parameters:&lt;name&gt;</c> (env <c>Parameters__&lt;name&gt;</c>), or
/// generated when it has a generator (passwords). Secret parameters are never printed or published.
/// </summary>
public sealed class ParameterResource : Resource, IValueProvider
{
    private readonly Func<string?> _valueFactory;
    private readonly Lazy<string> _value;

    internal ParameterResource(string name, Func<string?> valueFactory, bool secret, bool generated) : base(name)
    {
        _valueFactory = valueFactory;
        Secret = secret;
        Generated = generated;
        _value = new Lazy<string>(() => _valueFactory()
            ?? throw new DistributedApplicationException(
                $"Parameter '{name}' has no value. Set configuration key 'Parameters:{name}' " +
                $"(for example: dotnet user-secrets set Parameters:{name} <value>, or environment variable Parameters__{name}).")); 
    }

    /// <summary>Whether the value is a secret.</summary>
    public bool Secret { get; }

    /// <summary>Whether the value is generated when not configured (publishers then ask the operator for it).</summary>
    public bool Generated { get; }

    /// <summary>The value (throws when not configured and not generated).</summary>
    public string Value => _value.Value;

    /// <inheritdoc />
    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => new(Value);
}
