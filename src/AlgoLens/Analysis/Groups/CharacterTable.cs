using System.Numerics;
using AlgoLens.Tasks.Groups;

namespace AlgoLens.Analysis.Groups;

/// <summary>
/// A group's character table over ℂ: one row per complex irrep (a real-type irrep gives one row, a
/// complex-type one gives χ, named <c>NAME+</c>, and χ̄, named <c>NAME-</c>), one column per
/// conjugacy class (in <see cref="FiniteGroup.ConjugacyClasses"/>' order, the identity's first).
/// </summary>
public sealed class CharacterTable
{
    private CharacterTable(IReadOnlyList<int[]> classes, IReadOnlyList<string> names, IReadOnlyList<int> dimensions, IReadOnlyList<Complex[]> values)
    {
        Classes = classes;
        Names = names;
        Dimensions = dimensions;
        Values = values;
    }

    /// <summary>The conjugacy classes, each the ascending list of its elements.</summary>
    public IReadOnlyList<int[]> Classes { get; }

    /// <summary>The complex irreps' names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The complex irreps' dimensions (χ at the identity).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>[irrep][class]: χ on the class.</summary>
    public IReadOnlyList<Complex[]> Values { get; }

    internal static CharacterTable Of(FiniteGroup group, IReadOnlyList<Irrep> irreps)
    {
        int[][] classes = group.ConjugacyClasses();
        var names = new List<string>();
        var dimensions = new List<int>();
        var values = new List<Complex[]>();
        foreach (Irrep r in irreps)
        {
            Complex[] row = classes.Select(c => r.ComplexCharacter[c[0]]).ToArray();
            int d = (int)Math.Round(r.ComplexCharacter[group.Identity].Real);
            if (r.Type == IrrepType.Real)
            {
                names.Add(r.Name);
                dimensions.Add(d);
                values.Add(row);
            }
            else
            {
                names.AddRange([r.Name + "+", r.Name + "-"]);
                dimensions.AddRange([d, d]);
                values.AddRange([row, row.Select(Complex.Conjugate).ToArray()]);
            }
        }
        return new CharacterTable(classes, names, dimensions, values);
    }
}
