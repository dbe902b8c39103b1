using VotingApp.Result;

namespace VotingApp.Tests.Unit;

/// <summary>The result page's numbers: one-decimal percentages that add up to 100, 50/50 when empty, the footer text.</summary>
public sealed class ResultMathTests
{
    [Theory]
    [InlineData(0, 0, 50.0, 50.0)]
    [InlineData(2000, 1000, 66.7, 33.3)]
    [InlineData(1, 0, 100.0, 0.0)]
    [InlineData(0, 3, 0.0, 100.0)]
    [InlineData(1, 2, 33.3, 66.7)]
    [InlineData(1, 7, 12.5, 87.5)]
    [InlineData(2, 1, 66.7, 33.3)]
    [InlineData(1, 1999, 0.1, 99.9)]
    public void Percentages_have_one_decimal_and_add_up_to_100(long a, long b, double expectedA, double expectedB)
    {
        var (pa, pb) = ResultMath.Percentages(a, b);
        Assert.Equal(expectedA, pa, 6);
        Assert.Equal(expectedB, pb, 6);
        Assert.Equal(100.0, pa + pb, 6);
    }

    [Fact]
    public void Percentages_round_half_away_from_zero() =>
        Assert.Equal(0.1, ResultMath.Percentages(1, 1999).A, 6); // 0.05 → 0.1

    [Theory]
    [InlineData(0, "No votes yet")]
    [InlineData(1, "1 vote")]
    [InlineData(2, "2 votes")]
    [InlineData(3000, "3,000 votes")]
    public void Footer_says_how_many_votes(long total, string expected) =>
        Assert.Equal(expected, ResultMath.FooterText(total));

    [Fact]
    public void Formats_with_one_decimal_whatever_the_culture() =>
        Assert.Equal("66.7", ResultMath.FormatPercent(66.66666));
}
