namespace VotingApp.Hosting.ApplicationModel;

/// <summary>Something whose value is known only when the application runs (an endpoint, a parameter, a connection string).</summary>
public interface IValueProvider
{
    /// <summary>Resolves the value.</summary>
    ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default);
}
