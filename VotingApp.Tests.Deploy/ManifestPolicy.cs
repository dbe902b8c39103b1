namespace VotingApp.Tests.Publishing;

/// <summary>Our own checks over rendered Kubernetes objects; a deployable chart has zero findings.</summary>
internal static class ManifestPolicy
{
    public const string PodSecurity = "restricted-pod-security";
    public const string ProbesAndResources = "probes-and-resources";
    public const string PinnedImages = "pinned-images";
    public const string ServicesSelectPods = "services-select-pods";
    public const string NetworkPoliciesSelectPods = "network-policies-select-pods";
    public const string AllowedEdges = "allowed-edges";
    public const string ReferencesExist = "references-exist";
    public const string ScalingTargetsExist = "scaling-targets-exist";

    public static IReadOnlyList<PolicyFinding> Check(ManifestPolicyContext context) =>
    [
        .. PolicyChecks.RestrictedPodSecurity(context),
        .. PolicyChecks.ProbesAndResources(context),
        .. PolicyChecks.PinnedImages(context),
        .. PolicyChecks.ServicesSelectPods(context),
        .. PolicyChecks.NetworkPoliciesSelectPods(context),
        .. NetworkPolicyEdges.Check(context),
        .. PolicyChecks.ReferencesExist(context),
        .. PolicyChecks.ScalingTargetsExist(context),
    ];
}
