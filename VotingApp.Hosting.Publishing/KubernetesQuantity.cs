using System.Globalization;
using System.Text.RegularExpressions;

namespace VotingApp.Hosting.Publishing;

/// <summary>A Kubernetes resource quantity as the model gives it (<c>100m</c>, <c>0.5</c>, <c>256Mi</c>, <c>1Gi</c>).</summary>
internal static partial class KubernetesQuantity
{
    /// <summary>The number and its unit suffix (empty for whole units).</summary>
    /// <exception cref="DistributedApplicationException">Not a quantity.</exception>
    public static (decimal Number, string Unit) Parse(string quantity)
    {
        var match = Pattern().Match(quantity);
        return match.Success
            ? (decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value)
            : throw new DistributedApplicationException($"'{quantity}' is not a Kubernetes quantity (e.g. 100m, 0.5, 256Mi).");
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$")]
    private static partial Regex Pattern();
}
