using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>Resolves a resource's environment callbacks into concrete variables.</summary>
internal static class EnvironmentBuilder
{
    public static async Task<Dictionary<string, string?>> BuildAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var context = new EnvironmentCallbackContext(executionContext, resource);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context).ConfigureAwait(false);
        }
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in context.EnvironmentVariables)
        {
            result[key] = value switch
            {
                string s => s,
                IValueProvider provider => await provider.GetValueAsync(cancellationToken).ConfigureAwait(false),
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        return result;
    }

    public static async Task<List<string>> BuildArgsAsync(IResource resource, CancellationToken cancellationToken)
    {
        var args = new List<string>();
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsAnnotation>())
        {
            foreach (var arg in annotation.Args)
            {
                args.Add(arg switch
                {
                    string s => s,
                    IValueProvider provider => await provider.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty,
                    _ => Convert.ToString(arg, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                });
            }
        }
        return args;
    }
}
