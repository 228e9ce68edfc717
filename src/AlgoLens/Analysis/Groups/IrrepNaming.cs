using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using AlgoLens.Tasks.Groups;

namespace AlgoLens.Analysis.Groups;

/// <summary>
/// Names and orders a group's irreps from their characters: <c>trivial</c>; for S_n <c>sign</c>,
/// <c>standard</c> (χ(g) = fixed points of g − 1, dimension n − 1) and <c>sign_standard</c>
/// (sign · standard); for A_n (n ≥ 4) <c>standard</c>; for C_n and for D_n's two-dimensional
/// irreps <c>kK</c>, the frequency K with χ(r) = d·cos(2πK/n) at the rotation r by one step, so that
/// C_n's irreps are the Fourier frequencies; the rest by dimension and a letter (<c>5a</c>, <c>5b</c>).
/// Order: by dimension, the trivial irrep first, then by the character read element by element, descending.
/// </summary>
public static partial class IrrepNaming
{
    internal static Irrep[] NameAndOrder(FiniteGroup group, List<(IrrepType Type, double[][] Matrices, Complex[] Character)> found)
    {
        var irreps = found.Select(f => new Irrep("", f.Type, f.Matrices, f.Character)).ToList();
        irreps.Sort((x, y) => Compare(x, y));
        var names = new string?[irreps.Count];
        Match family = Family().Match(group.Name);
        char letter = family.Success ? family.Groups[1].Value[0] : ' ';
        int n = family.Success ? int.Parse(family.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        int signIndex = -1;
        for (int i = 0; i < irreps.Count; i++)
        {
            Irrep r = irreps[i];
            if (r.Dimension == 1 && r.Character.All(c => Near(c, 1)))
            {
                names[i] = "trivial";
            }
            else if (letter == 'S' && r.Dimension == 1)
            {
                names[i] = "sign";
                signIndex = i;
            }
            else if (letter is 'C' || (letter == 'D' && r.Dimension == 2))
            {
                // Element 1 is the rotation by one step in both families.
                double cosine = Math.Clamp(r.Character[1] / r.Dimension, -1, 1);
                names[i] = "k" + ((int)Math.Round(Math.Acos(cosine) * n / (2 * Math.PI))).ToString(CultureInfo.InvariantCulture);
            }
        }
        for (int i = 0; i < irreps.Count; i++)
        {
            Irrep r = irreps[i];
            if (names[i] is not null || letter is not ('S' or 'A') || r.Dimension != n - 1 || n < 3)
            {
                continue;
            }
            if (Enumerable.Range(0, group.Order).All(g => Near(r.Character[g], group.FixedPoints(g) - 1)))
            {
                names[i] = "standard";
            }
            else if (signIndex >= 0 && Enumerable.Range(0, group.Order).All(g => Near(r.Character[g], irreps[signIndex].Character[g] * (group.FixedPoints(g) - 1))))
            {
                names[i] = "sign_standard";
            }
        }
        var lettersUsed = new Dictionary<int, int>();
        for (int i = 0; i < irreps.Count; i++)
        {
            if (names[i] is null)
            {
                int d = irreps[i].Dimension;
                int count = lettersUsed.GetValueOrDefault(d);
                lettersUsed[d] = count + 1;
                names[i] = d.ToString(CultureInfo.InvariantCulture) + (char)('a' + count);
            }
        }
        return irreps.Select((r, i) => new Irrep(names[i]!, r.Type, Enumerable.Range(0, group.Order).Select(g => Flat(r, g)).ToArray(), [.. r.ComplexCharacter])).ToArray();
    }

    private static int Compare(Irrep x, Irrep y)
    {
        if (x.Dimension != y.Dimension)
        {
            return x.Dimension.CompareTo(y.Dimension);
        }
        for (int g = 0; g < x.Character.Count; g++)
        {
            double a = Math.Round(x.Character[g], 6), b = Math.Round(y.Character[g], 6);
            if (a != b)
            {
                return b.CompareTo(a);
            }
        }
        return 0;
    }

    private static double[] Flat(Irrep r, int g)
    {
        var m = new double[r.Dimension * r.Dimension];
        for (int i = 0; i < r.Dimension; i++)
        {
            for (int j = 0; j < r.Dimension; j++)
            {
                m[i * r.Dimension + j] = r.Entry(g, i, j);
            }
        }
        return m;
    }

    private static bool Near(double a, double b) => Math.Abs(a - b) < 1e-6;

    [GeneratedRegex("^([CDSA])([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Family();
}
