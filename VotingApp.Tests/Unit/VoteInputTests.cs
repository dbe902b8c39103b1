using System.Text;
using VotingApp.Queue;
using VotingApp.Vote;

namespace VotingApp.Tests.Unit;

/// <summary>The vote door: the form field and the JSON body, strictly validated with a message.</summary>
public sealed class VoteInputTests
{
    private static readonly OptionLabels s_labels = new("Cats", "Dogs");

    [Theory]
    [InlineData("vote=a", "a")]
    [InlineData("vote=b", "b")]
    [InlineData("x=1&vote=b&y=2", "b")]
    [InlineData("vot%65=a", "a")]
    [InlineData("vote=%61", "a")]
    [InlineData("vote=", "")]
    [InlineData("other=a", null)]
    [InlineData("", null)]
    public void Finds_the_vote_field_in_a_urlencoded_form(string body, string? expected) =>
        Assert.Equal(expected, FormVoteParser.FindVote(Encoding.ASCII.GetBytes(body)));

    [Theory]
    [InlineData("a", true)]
    [InlineData("b", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("A", false)]
    [InlineData("zzz", false)]
    [InlineData("aaaaaaaaaaaaaaaaa", false)]
    public void Accepts_only_a_and_b_and_says_what_is_expected(string? value, bool valid)
    {
        Assert.Equal(valid, VoteValues.TryValidate(value, s_labels, out var vote, out var error));
        if (valid)
        {
            Assert.Equal(value, vote);
        }
        else
        {
            Assert.Contains("'a' (Cats) or 'b' (Dogs)", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Control_characters_never_reach_the_message()
    {
        Assert.False(VoteValues.TryValidate("x\ny", s_labels, out _, out var error));
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("{\"vote\":\"a\"}", true, "a")]
    [InlineData("{\"vote\":\"b\",\"extra\":1}", true, "b")]
    [InlineData("{\"vote\":1}", false, null)]
    [InlineData("[]", false, null)]
    [InlineData("{not json", false, null)]
    public void Parses_the_json_body(string json, bool ok, string? vote)
    {
        Assert.Equal(ok, ApiVoteRequest.TryParse(Encoding.UTF8.GetBytes(json), out var parsed, out var error));
        if (ok)
        {
            Assert.Equal(vote, parsed);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }
}
