using System.Globalization;
using System.Text.RegularExpressions;

namespace AlgoLens.Tasks.Groups;

/// <summary>
/// Reads a group's name: a factor is <c>Cn</c> (cyclic), <c>Dn</c> (dihedral, 2n elements),
/// <c>Sn</c> or <c>An</c> (symmetric, alternating, n ≤ 6); factors joined by <c>x</c> make a direct
/// product (<c>C5xC5</c>, <c>S3xC2</c>). Letters are case-insensitive; the group is named canonically
/// (upper-case letters, lower-case x).
/// </summary>
public static partial class GroupNames
{
    /// <summary>The group called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is not of that form, or a factor is out of range (the message says which and what works).</exception>
    public static FiniteGroup Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string[] parts = name.Trim().Split('x', 'X');
        var factors = new FiniteGroup[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            Match m = FactorPattern().Match(parts[i]);
            if (!m.Success || !int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                throw new ArgumentException(
                    $"Unknown group '{name}': '{parts[i]}' is not a group name. Write Cn (cyclic), Dn (dihedral), Sn or An (symmetric, alternating, n ≤ 6), " +
                    "or a direct product of them joined by x, e.g. C113, D7, S5, A5, C5xC5.");
            }
            factors[i] = char.ToUpperInvariant(m.Groups[1].Value[0]) switch
            {
                'C' => GroupFamilies.Cyclic(n),
                'D' => GroupFamilies.Dihedral(n),
                'S' => GroupFamilies.Symmetric(n),
                _ => GroupFamilies.Alternating(n),
            };
        }
        return factors.Length == 1 ? factors[0] : GroupFamilies.Product(factors);
    }

    [GeneratedRegex("^([CDSAcdsa])([0-9]{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex FactorPattern();
}
