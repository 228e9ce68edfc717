using System.Globalization;

namespace AlgoLens.Reports.Charts;

/// <summary>
/// Number formatting for chart labels: short, round and unambiguous ("1.4k", "10⁻³", "−0.5").
/// Public so callers can label bands and markers the same way the axes are labelled.
/// </summary>
public static class ChartNumber
{
    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    private const char Minus = '\u2212';

    /// <summary>A compact label: 1400 → "1.4k", 2.5e6 → "2.5M", 0.002 → "0.002", 3e-7 → "3e-7".</summary>
    public static string Compact(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value == 0 ? "0" : value.ToString(CultureInfo.InvariantCulture);
        }
        double magnitude = Math.Abs(value);
        string text = magnitude switch
        {
            >= 1e9 => magnitude.ToString("0.##e0", CultureInfo.InvariantCulture),
            >= 1e6 => (magnitude / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
            >= 1e3 => (magnitude / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
            >= 1e-3 => magnitude.ToString("0.####", CultureInfo.InvariantCulture),
            _ => magnitude.ToString("0.##e0", CultureInfo.InvariantCulture),
        };
        return value < 0 ? Minus + text : text;
    }

    /// <summary>10 raised to <paramref name="exponent"/> in superscript: 10⁻³, 10⁰, 10¹².</summary>
    public static string PowerOfTen(int exponent)
    {
        var digits = Math.Abs((long)exponent).ToString(CultureInfo.InvariantCulture);
        var text = new System.Text.StringBuilder("10");
        if (exponent < 0)
        {
            text.Append('⁻');
        }
        foreach (char d in digits)
        {
            text.Append(Superscripts[d - '0']);
        }
        return text.ToString();
    }

    /// <summary>
    /// The label of a linear tick at <paramref name="value"/> on an axis with ticks every
    /// <paramref name="step"/>: just enough decimals for the step, k/M suffixes for large steps,
    /// and exponent notation for very small ones.
    /// </summary>
    public static string Tick(double value, double step)
    {
        if (Math.Abs(value) < step * 1e-6)
        {
            return "0";
        }
        double magnitude = Math.Abs(value);
        string text;
        if (step >= 1e6)
        {
            text = (magnitude / 1e6).ToString(FixedFormat(step / 1e6), CultureInfo.InvariantCulture) + "M";
        }
        else if (step >= 1e3)
        {
            text = (magnitude / 1e3).ToString(FixedFormat(step / 1e3), CultureInfo.InvariantCulture) + "k";
        }
        else if (step >= 1e-3)
        {
            text = magnitude.ToString(FixedFormat(step), CultureInfo.InvariantCulture);
        }
        else
        {
            text = magnitude.ToString("0.##e0", CultureInfo.InvariantCulture);
        }
        return value < 0 ? Minus + text : text;
    }

    // A 1-2-5 step of 0.05 needs two decimals, 0.2 one, 5 none.
    private static string FixedFormat(double step)
    {
        int decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        return decimals == 0 ? "0" : "0." + new string('0', decimals);
    }
}
