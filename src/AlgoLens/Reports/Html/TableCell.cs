using System.Globalization;

namespace AlgoLens.Reports.Html;

/// <summary>
/// A table cell: text, or a number formatted for reading (right-aligned, tabular digits).
/// Strings and numbers convert implicitly, so rows read as <c>table.AddRow("test loss", 3.2e-7, 1e-7)</c>.
/// </summary>
public readonly record struct TableCell
{
    /// <summary>A text cell.</summary>
    public TableCell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
    }

    /// <summary>A numeric cell, shown with <paramref name="format"/> (a .NET format string) or, when null, <see cref="FormatNumber"/>.</summary>
    public TableCell(double number, string? format = null)
    {
        Number = number;
        Text = format is null || !double.IsFinite(number) ? FormatNumber(number) : number.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>What the cell shows.</summary>
    public string Text { get; } = "";

    /// <summary>The value of a numeric cell; null for text.</summary>
    public double? Number { get; }

    /// <summary>Whether the cell is highlighted (e.g. the run's value beside the paper's).</summary>
    public bool Highlight { get; init; }

    /// <summary>This cell, highlighted.</summary>
    public TableCell Highlighted() => this with { Highlight = true };

    /// <summary>A text cell.</summary>
    public static implicit operator TableCell(string text) => new(text);

    /// <summary>A numeric cell with the default format.</summary>
    public static implicit operator TableCell(double number) => new(number);

    /// <summary>A numeric cell showing an integer.</summary>
    public static implicit operator TableCell(int number) => new(number, "0");

    /// <summary>A numeric cell showing an integer.</summary>
    public static implicit operator TableCell(long number) => new(number, "0");

    /// <summary>
    /// Four significant digits, plain for magnitudes in [0.001, 10⁶) (0.9876, 12.35, 123457) and
    /// in exponent form otherwise (3.2e-7); "NaN" and "∞" for the non-finite.
    /// </summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "-∞";
        }
        double magnitude = Math.Abs(value);
        if (magnitude == 0)
        {
            return "0";
        }
        if (magnitude is >= 1e-3 and < 1e6)
        {
            int decimals = Math.Max(0, 3 - (int)Math.Floor(Math.Log10(magnitude)));
            string format = decimals == 0 ? "0" : "0." + new string('#', decimals);
            return value.ToString(format, CultureInfo.InvariantCulture);
        }
        return value.ToString("0.###e0", CultureInfo.InvariantCulture);
    }
}
