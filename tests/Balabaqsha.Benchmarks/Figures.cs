using System.Globalization;

namespace Balabaqsha.Benchmarks;

/// <summary>The figures of a run, printed as they come and as a Markdown table at the end.</summary>
public sealed class Figures
{
    private readonly List<(string Part, string Measure, string Value, string Goal)> _rows = [];

    public void Add(string part, string measure, string value, string goal = "")
    {
        _rows.Add((part, measure, value, goal));
        Console.WriteLine($"  {part} · {measure}: {value}{(goal.Length > 0 ? $"  (goal {goal})" : string.Empty)}");
    }

    public IReadOnlyList<(string Part, string Measure, string Value, string Goal)> Rows => _rows;

    public string ToMarkdown()
    {
        var lines = new List<string> { "| part | measure | value | goal |", "|---|---|---|---|" };
        lines.AddRange(_rows.Select(r => $"| {r.Part} | {r.Measure} | {r.Value} | {r.Goal} |"));
        return string.Join('\n', lines);
    }

    public static string Micro(double milliseconds) => (milliseconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " µs";

    public static string Milli(double milliseconds) => milliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    public static string Number(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The value at a quantile (0..1) of sorted samples (nearest rank).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
