namespace VotingApp.Tests.Publishing;

/// <summary>The VotingApp.AppHost model as <c>publish</c> sees it (its entry point run up to <c>Build()</c>).</summary>
internal static class AppHostModel
{
    public static async Task<IReadOnlyList<IResource>> ResourcesAsync(IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var settings = new TestingBuilderSettings();
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            settings.Configuration[key] = value;
        }
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(
            typeof(Projects.VotingApp_AppHost), ["publish", "--publisher", "compose", "--output-path", "unused"], settings);
        return builder.Resources;
    }
}
