using System.Text.Json;

namespace VotingApp.Tests.Infrastructure;

/// <summary>The <c>/api/results</c> document.</summary>
public sealed record Results(long A, long B, long Total, string LabelA, string LabelB)
{
    public static Results Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var options = doc.RootElement.GetProperty("options");
        long a = 0, b = 0;
        string labelA = string.Empty, labelB = string.Empty;
        foreach (var option in options.EnumerateArray())
        {
            switch (option.GetProperty("id").GetString())
            {
                case "a":
                    a = option.GetProperty("votes").GetInt64();
                    labelA = option.GetProperty("label").GetString()!;
                    break;
                case "b":
                    b = option.GetProperty("votes").GetInt64();
                    labelB = option.GetProperty("label").GetString()!;
                    break;
            }
        }
        return new Results(a, b, doc.RootElement.GetProperty("total").GetInt64(), labelA, labelB);
    }
}
