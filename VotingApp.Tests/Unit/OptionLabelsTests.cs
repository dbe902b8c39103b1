using Microsoft.Extensions.Configuration;
using VotingApp.Queue;

namespace VotingApp.Tests.Unit;

/// <summary>Option labels: the service's own keys, then the original app's OPTION_A / OPTION_B, then Cats / Dogs.</summary>
public sealed class OptionLabelsTests
{
    private static OptionLabels Read(params (string Key, string Value)[] settings) =>
        OptionLabels.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
            "Vote");

    [Fact]
    public void Defaults_are_the_originals() => Assert.Equal(new OptionLabels("Cats", "Dogs"), Read());

    [Fact]
    public void The_original_apps_variables_are_honoured() =>
        Assert.Equal(new OptionLabels("Tabs", "Spaces"), Read(("OPTION_A", "Tabs"), ("OPTION_B", "Spaces")));

    [Fact]
    public void The_services_own_keys_win_and_blanks_fall_through() =>
        Assert.Equal(new OptionLabels("Vim", "Spaces"), Read(("OPTION_A", "Tabs"), ("OPTION_B", "Spaces"), ("Vote:OptionA", " Vim "), ("Vote:OptionB", "  ")));
}
