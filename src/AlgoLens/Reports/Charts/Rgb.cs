using System.Globalization;

namespace AlgoLens.Reports.Charts;

/// <summary>An 8-bit RGB colour.</summary>
/// <param name="R">Red, 0..255.</param>
/// <param name="G">Green, 0..255.</param>
/// <param name="B">Blue, 0..255.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Parses "#rrggbb".</summary>
    public static Rgb Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != 7 || hex[0] != '#' || !uint.TryParse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint v))
        {
            throw new FormatException($"\"{hex}\" is not a colour of the form #rrggbb.");
        }
        return new Rgb((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }

    /// <summary>The colour as "#rrggbb" (lower case).</summary>
    public string ToHex() => $"#{R:x2}{G:x2}{B:x2}";

    /// <summary>The colour a fraction <paramref name="t"/> (0..1) of the way from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static Rgb Lerp(Rgb a, Rgb b, double t) => new(Mix(a.R, b.R, t), Mix(a.G, b.G, t), Mix(a.B, b.B, t));

    private static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * t);
}
