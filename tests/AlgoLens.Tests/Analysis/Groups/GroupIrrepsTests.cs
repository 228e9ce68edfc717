using System.Numerics;
using AlgoLens.Analysis.Groups;
using AlgoLens.Tasks.Groups;

namespace AlgoLens.Tests.Analysis.Groups;

public class GroupIrrepsTests
{
    private const double Tolerance = 1e-8;

    [Theory]
    [InlineData("S3", new[] { 1, 1, 2 })]
    [InlineData("S4", new[] { 1, 1, 2, 3, 3 })]
    [InlineData("D4", new[] { 1, 1, 1, 1, 2 })]
    [InlineData("A4", new[] { 1, 1, 1, 3 })]
    [InlineData("C7", new[] { 1, 1, 1, 1, 1, 1, 1 })]
    [InlineData("C8", new[] { 1, 1, 1, 1, 1, 1, 1, 1 })]
    [InlineData("D5", new[] { 1, 1, 2, 2 })]
    [InlineData("A5", new[] { 1, 3, 3, 4, 5 })]
    [InlineData("S5", new[] { 1, 1, 4, 4, 5, 5, 6 })]
    [InlineData("C3xC3", new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 })]
    public void CharactersMeetBothOrthogonalityRelationsAndTheDimensionsSquareToTheOrder(string name, int[] dimensions)
    {
        var irreps = GroupIrreps.Of(GroupNames.Parse(name));
        var table = irreps.Characters;
        int order = irreps.Group.Order;
        Assert.Equal(dimensions, table.Dimensions.Order());
        Assert.Equal(order, table.Dimensions.Sum(d => d * d));
        Assert.Equal(table.Classes.Count, table.Names.Count); // as many irreps as classes
        for (int i = 0; i < table.Names.Count; i++)
        {
            Assert.Equal(table.Dimensions[i], table.Values[i][0].Real, Tolerance);
            for (int j = 0; j < table.Names.Count; j++)
            {
                // Rows: Σ_C |C| χ_i(C) conj χ_j(C) = |G| δ_ij.
                Complex sum = Enumerable.Range(0, table.Classes.Count).Aggregate(Complex.Zero, (s, c) => s + table.Classes[c].Length * table.Values[i][c] * Complex.Conjugate(table.Values[j][c]));
                Assert.Equal(i == j ? order : 0, sum.Real, 1e-6);
                Assert.Equal(0, sum.Imaginary, 1e-6);
            }
        }
        for (int c = 0; c < table.Classes.Count; c++)
        {
            for (int e = 0; e < table.Classes.Count; e++)
            {
                // Columns: Σ_i χ_i(C) conj χ_i(E) = δ_CE |G| / |C|.
                Complex sum = Enumerable.Range(0, table.Names.Count).Aggregate(Complex.Zero, (s, i) => s + table.Values[i][c] * Complex.Conjugate(table.Values[i][e]));
                Assert.Equal(c == e ? (double)order / table.Classes[c].Length : 0, sum.Real, 1e-6);
                Assert.Equal(0, sum.Imaginary, 1e-6);
            }
        }
    }

    [Theory]
    [InlineData("S3")]
    [InlineData("S4")]
    [InlineData("D4")]
    [InlineData("A4")]
    [InlineData("C6")]
    [InlineData("C2xC4")]
    public void MatricesAreOrthogonalHomomorphismsAndTheirElementsSplitTheFunctionsOnTheGroup(string name)
    {
        var irreps = GroupIrreps.Of(GroupNames.Parse(name));
        var group = irreps.Group;
        int n = group.Order;
        Assert.Equal(n, irreps.Irreps.Sum(r => r.SpanDimension));
        foreach (Irrep r in irreps.Irreps)
        {
            for (int g = 0; g < n; g++)
            {
                var m = r.Matrix(g);
                AssertClose(Identity(r.Dimension), Multiply(m, Transpose(m)), $"{r.Name}({g}) orthogonal");
                for (int h = 0; h < n; h++)
                {
                    AssertClose(r.Matrix(group.Multiply(g, h)), Multiply(m, r.Matrix(h)), $"{r.Name}: ρ({g})ρ({h}) = ρ({g}·{h})");
                }
            }
        }
        // Every matrix element of every irrep, as a vector over the group: together they span ℝ^G
        // (rank |G|), and elements of different irreps are orthogonal (Schur).
        var functions = irreps.Irreps.SelectMany(r => Enumerable.Range(0, r.Dimension * r.Dimension)
            .Select(ij => (r.Name, Values: Enumerable.Range(0, n).Select(g => r.Entry(g, ij / r.Dimension, ij % r.Dimension)).ToArray()))).ToArray();
        foreach (var f in functions)
        {
            foreach (var h in functions.Where(h => h.Name != f.Name))
            {
                Assert.Equal(0, f.Values.Zip(h.Values, (a, b) => a * b).Sum(), 1e-8);
            }
        }
        Assert.Equal(n, Rank(functions.Select(f => f.Values).ToArray()));
    }

    [Fact]
    public void CyclicIrrepsAreTheFourierFrequenciesByName()
    {
        var irreps = GroupIrreps.Of(GroupNames.Parse("C8"));
        Assert.Equal(["trivial", "k4", "k1", "k2", "k3"], irreps.Irreps.Select(r => r.Name));
        Assert.Equal([IrrepType.Real, IrrepType.Real, IrrepType.Complex, IrrepType.Complex, IrrepType.Complex], irreps.Irreps.Select(r => r.Type));
        foreach (int k in new[] { 1, 2, 3 })
        {
            Irrep r = irreps[$"k{k}"];
            for (int a = 0; a < 8; a++)
            {
                // tr of the rotation by 2πka/8, and e^{±2πika/8}.
                Assert.Equal(2 * Math.Cos(2 * Math.PI * k * a / 8), r.Character[a], Tolerance);
                Assert.Equal(Math.Cos(2 * Math.PI * k * a / 8), r.ComplexCharacter[a].Real, Tolerance);
                Assert.Equal(Math.Sin(2 * Math.PI * k * a / 8), Math.Abs(r.ComplexCharacter[a].Imaginary) * Math.Sign(Math.Sin(2 * Math.PI * k * a / 8)), Tolerance);
            }
        }
    }

    [Fact]
    public void SymmetricGroupIrrepsAreNamedByTheirCharacters()
    {
        var irreps = GroupIrreps.Of(GroupNames.Parse("S5"));
        Assert.Equal(["trivial", "sign", "standard", "sign_standard", "5a", "5b", "6a"], irreps.Irreps.Select(r => r.Name));
        var group = irreps.Group;
        for (int g = 0; g < group.Order; g++)
        {
            Assert.Equal(group.FixedPoints(g) - 1, irreps["standard"].Character[g], Tolerance);
            Assert.Equal(irreps["sign"].Character[g] * (group.FixedPoints(g) - 1), irreps["sign_standard"].Character[g], Tolerance);
        }
        Assert.All(irreps.Irreps, r => Assert.Equal(IrrepType.Real, r.Type));
        Assert.Equal(["trivial", "3a", "3b", "standard", "5a"], GroupIrreps.Of(GroupNames.Parse("A5")).Irreps.Select(r => r.Name));
        Assert.Equal(["trivial", "1a", "k1", "k2", "k3"], GroupIrreps.Of(GroupNames.Parse("D7")).Irreps.Select(r => r.Name));
    }

    [Fact]
    public void A6HasItsSevenIrreps()
    {
        // S6 (720) works the same way but takes several seconds: A6 stands in for the largest groups.
        var irreps = GroupIrreps.Of(GroupNames.Parse("A6"));
        Assert.Equal([1, 5, 5, 8, 8, 9, 10], irreps.Irreps.Select(r => r.Dimension));
        Assert.Equal(360, irreps.Characters.Dimensions.Sum(d => d * d));
        Assert.Contains("standard", irreps.Irreps.Select(r => r.Name));
    }

    [Fact]
    public void GroupsAboveTheLimitAreRefusedWithTheLimit()
    {
        var e = Assert.Throws<ArgumentException>(() => GroupIrreps.Of(GroupNames.Parse("C1000")));
        Assert.Contains("at most 720 elements", e.Message, StringComparison.Ordinal);
        Assert.Contains("C1000 has 1000", e.Message, StringComparison.Ordinal);
        Assert.Null(GroupIrreps.WhyNot(GroupNames.Parse("S6")));
    }

    private static double[,] Identity(int d)
    {
        var m = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            m[i, i] = 1;
        }
        return m;
    }

    private static double[,] Transpose(double[,] m)
    {
        int d = m.GetLength(0);
        var t = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                t[j, i] = m[i, j];
            }
        }
        return t;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int d = a.GetLength(0);
        var c = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                for (int k = 0; k < d; k++)
                {
                    c[i, j] += a[i, k] * b[k, j];
                }
            }
        }
        return c;
    }

    private static void AssertClose(double[,] expected, double[,] actual, string what)
    {
        for (int i = 0; i < expected.GetLength(0); i++)
        {
            for (int j = 0; j < expected.GetLength(1); j++)
            {
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) < Tolerance, $"{what}: entry ({i}, {j}) is {actual[i, j]}, expected {expected[i, j]}");
            }
        }
    }

    // Rank by Gram–Schmidt with a relative tolerance.
    private static int Rank(double[][] vectors)
    {
        var basis = new List<double[]>();
        foreach (double[] v in vectors)
        {
            var r = (double[])v.Clone();
            foreach (double[] b in basis)
            {
                double dot = r.Zip(b, (x, y) => x * y).Sum();
                for (int i = 0; i < r.Length; i++)
                {
                    r[i] -= dot * b[i];
                }
            }
            double norm = Math.Sqrt(r.Sum(x => x * x));
            if (norm > 1e-6)
            {
                basis.Add(r.Select(x => x / norm).ToArray());
            }
        }
        return basis.Count;
    }
}
