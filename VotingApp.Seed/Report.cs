using System.Globalization;

namespace VotingApp.Seed;

/// <summary>Console output: a progress line on long runs and a summary table at the end.</summary>
internal static class Report
{
    private static readonly CultureInfo s_culture = CultureInfo.InvariantCulture;

    public static void Progress(string text)
    {
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(text);
        }
        else
        {
            Console.Write("\r" + text.PadRight(Math.Max(0, Console.WindowWidth - 1)));
        }
    }

    public static void EndProgress()
    {
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine();
        }
    }

    public static void Table(string title, IEnumerable<(string Name, string Value)> rows)
    {
        var list = rows.ToList();
        var width = list.Max(r => r.Name.Length);
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(new string('-', width + 2 + list.Max(r => r.Value.Length)));
        foreach (var (name, value) in list)
        {
            Console.WriteLine($"{name.PadRight(width)}  {value}");
        }
    }

    public static string N(double value) => value.ToString("N0", s_culture);

    public static string Ms(double value) => value.ToString("0.00", s_culture) + " ms";
}
