using System.Collections.Concurrent;
using System.Numerics;
using AlgoLens.Tasks.Groups;

namespace AlgoLens.Analysis.Groups;

/// <summary>
/// The real irreducible representations of a finite group, computed from its multiplication table
/// (never typed in), with its character table.
/// </summary>
/// <remarks>
/// <para>The method decomposes the regular representation L(g)e_h = e_{g·h} on ℝ^G. (1) A random
/// symmetric element of the centre of the group algebra, Z = Σ_g z_g (L(g) + L(g)ᵀ) with z constant
/// on conjugacy classes, commutes with every L(g) and acts on the isotypic component of each real
/// irrep as a scalar (generically a different one per irrep: χ and χ̄ give the same, which is what
/// makes a complex pair one real irrep), so Z's eigenspaces are those components. (2) Inside a
/// component W, a random symmetric element of the right action, B = Σ_g b_g (R(g) + R(g)ᵀ) with
/// R(g)e_h = e_{h·g⁻¹}, commutes with the left action and acts on W ≅ ρ ⊗ (multiplicity space)
/// through the multiplicity space: each eigenspace of B on W is one copy of ρ. Its orthonormal
/// basis U gives ρ(g) = Uᵀ L(g) U, real orthogonal, a homomorphism. An eigenspace of B has
/// dimension d where W has dimension d² (real type), and 2d where W has 2d² (complex type: a
/// complex irrep of dimension d with its conjugate); the sizes tell the types apart.</para>
/// <para>A complex-type irrep's complex character comes from the complex structure J that commutes
/// with it (the average of ρ(g)Aρ(g)ᵀ for a random antisymmetric A, scaled so that J² = −1):
/// χ(g) = ½ tr ρ(g) − ½ i tr(J ρ(g)).</para>
/// <para>Random draws are seeded, so the matrices are the same on every run; the span of an irrep's
/// matrix elements, its characters and its name do not depend on the draw at all.</para>
/// </remarks>
public sealed class GroupIrreps
{
    /// <summary>The largest group whose irreps are computed: |S6| = 720 (the method is O(|G|³) in time and O(|G|²) in memory).</summary>
    public const int MaxOrder = 720;

    private static readonly ConcurrentDictionary<string, GroupIrreps> Cache = new(StringComparer.Ordinal);

    private GroupIrreps(FiniteGroup group, IReadOnlyList<Irrep> irreps)
    {
        Group = group;
        Irreps = irreps;
        Characters = CharacterTable.Of(group, irreps);
    }

    /// <summary>The group.</summary>
    public FiniteGroup Group { get; }

    /// <summary>Its real irreps: by dimension, the trivial one first (see <see cref="IrrepNaming"/>).</summary>
    public IReadOnlyList<Irrep> Irreps { get; }

    /// <summary>Its (complex) character table.</summary>
    public CharacterTable Characters { get; }

    /// <summary>The irrep named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No irrep has that name (the message lists them).</exception>
    public Irrep this[string name] => Irreps.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"{Group.Name} has no irrep named '{name}'; its irreps are {string.Join(", ", Irreps.Select(r => r.Name))}.");

    /// <summary>Null when the irreps of <paramref name="group"/> can be computed; otherwise why not.</summary>
    public static string? WhyNot(FiniteGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Order > MaxOrder
            ? $"irreducible representations are computed for groups of at most {MaxOrder} elements (S6); {group.Name} has {group.Order}. Choose a smaller group (e.g. S5, A5, D7, C113)"
            : null;
    }

    /// <summary>The irreps of <paramref name="group"/> (computed once per group name in a process, then shared).</summary>
    /// <exception cref="ArgumentException">The group has more than <see cref="MaxOrder"/> elements.</exception>
    public static GroupIrreps Of(FiniteGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (WhyNot(group) is { } why)
        {
            throw new ArgumentException(char.ToUpperInvariant(why[0]) + why[1..] + ".");
        }
        return Cache.GetOrAdd(group.Name, _ => Compute(group));
    }

    private static GroupIrreps Compute(FiniteGroup group)
    {
        // A draw fails only when two eigenvalues that should differ come out (nearly) equal, which
        // the size checks catch; the next seed then almost surely works.
        InvalidOperationException? last = null;
        for (int seed = 1; seed <= 5; seed++)
        {
            try
            {
                var irreps = Decompose(group, new Random(seed));
                return new GroupIrreps(group, IrrepNaming.NameAndOrder(group, irreps));
            }
            catch (InvalidOperationException e)
            {
                last = e;
            }
        }
        throw new InvalidOperationException($"Could not split the regular representation of {group.Name} into irreps in 5 draws: {last!.Message}", last);
    }

    private static List<(IrrepType Type, double[][] Matrices, Complex[] Character)> Decompose(FiniteGroup group, Random random)
    {
        int n = group.Order;
        int[][] classes = group.ConjugacyClasses();
        var z = new double[n];
        foreach (int[] members in classes)
        {
            double weight = Gaussian(random);
            foreach (int g in members)
            {
                z[g] = weight;
            }
        }
        var centre = new double[n, n];
        var right = new double[n, n];
        for (int g = 0; g < n; g++)
        {
            double b = Gaussian(random);
            int inverse = group.Inverse(g);
            for (int h = 0; h < n; h++)
            {
                int gh = group.Multiply(g, h); // L(g): e_h → e_{g·h}
                centre[gh, h] += z[g];
                centre[h, gh] += z[g];
                int hg = group.Multiply(h, inverse); // R(g): e_h → e_{h·g⁻¹}
                right[hg, h] += b;
                right[h, hg] += b;
            }
        }
        var (values, vectors) = SymmetricEigen.Decompose(centre);
        var result = new List<(IrrepType, double[][], Complex[])>();
        foreach (var (start, size) in Clusters(values))
        {
            var basis = Columns(vectors, start, size); // [n, m]
            var restricted = Restrict(right, basis); // [m, m]
            var (inner, innerVectors) = SymmetricEigen.Decompose(restricted);
            var parts = Clusters(inner);
            int copy = parts[0].Size;
            if (parts.Any(p => p.Size != copy))
            {
                throw new InvalidOperationException($"an isotypic component of dimension {size} split into unequal parts ({string.Join(", ", parts.Select(p => p.Size))})");
            }
            IrrepType type = size == copy * copy ? IrrepType.Real
                : 2 * size == copy * copy ? IrrepType.Complex
                : throw new InvalidOperationException($"an isotypic component of dimension {size} split into copies of dimension {copy}, neither d² nor d²/2");
            var u = Multiply(basis, Columns(innerVectors, 0, copy)); // [n, d]
            var matrices = Matrices(group, u, copy);
            result.Add((type, matrices, ComplexCharacter(type, matrices, copy, random)));
        }
        return result;
    }

    // ρ(g)[i, j] = Σ_y U[y, i] U[g⁻¹·y, j]: Uᵀ L(g) U, since (L(g)U)[y] = U[g⁻¹·y].
    private static double[][] Matrices(FiniteGroup group, double[,] u, int d)
    {
        int n = group.Order;
        var matrices = new double[n][];
        for (int g = 0; g < n; g++)
        {
            var m = new double[d * d];
            int inverse = group.Inverse(g);
            for (int y = 0; y < n; y++)
            {
                int moved = group.Multiply(inverse, y);
                for (int i = 0; i < d; i++)
                {
                    double ui = u[y, i];
                    for (int j = 0; j < d; j++)
                    {
                        m[i * d + j] += ui * u[moved, j];
                    }
                }
            }
            matrices[g] = m;
        }
        return matrices;
    }

    private static Complex[] ComplexCharacter(IrrepType type, double[][] matrices, int d, Random random)
    {
        int n = matrices.Length;
        if (type == IrrepType.Real)
        {
            return matrices.Select(m => new Complex(Trace(m, d), 0)).ToArray();
        }
        // J ∝ (1/|G|) Σ ρ(g) A ρ(g)ᵀ commutes with ρ; antisymmetric, so J² = −c·I with c > 0.
        var a = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                a[i * d + j] = Gaussian(random);
                a[j * d + i] = -a[i * d + j];
            }
        }
        var jSum = new double[d * d];
        foreach (double[] m in matrices)
        {
            var ma = MatMul(m, a, d, transposeB: false);
            var term = MatMul(ma, m, d, transposeB: true);
            for (int k = 0; k < jSum.Length; k++)
            {
                jSum[k] += term[k] / n;
            }
        }
        double squared = -Trace(MatMul(jSum, jSum, d, transposeB: false), d) / d;
        if (!(squared > 1e-12))
        {
            throw new InvalidOperationException("a complex-type irrep has no complex structure in its commutant");
        }
        double scale = 1 / Math.Sqrt(squared);
        var chi = matrices.Select(m => new Complex(Trace(m, d) / 2, -scale * Trace(MatMul(jSum, m, d, transposeB: false), d) / 2)).ToArray();
        // Of χ and χ̄, keep the one whose first non-real value has a positive imaginary part.
        Complex first = chi.FirstOrDefault(c => Math.Abs(c.Imaginary) > 1e-9);
        return first.Imaginary < 0 ? chi.Select(Complex.Conjugate).ToArray() : chi;
    }

    // Runs of equal eigenvalues (ascending input): a gap above 1e-7 of the largest magnitude separates them.
    private static List<(int Start, int Size)> Clusters(double[] values)
    {
        double tolerance = 1e-7 * Math.Max(1, values.Max(Math.Abs));
        var clusters = new List<(int, int)>();
        int start = 0;
        for (int i = 1; i <= values.Length; i++)
        {
            if (i == values.Length || values[i] - values[i - 1] > tolerance)
            {
                clusters.Add((start, i - start));
                start = i;
            }
        }
        return clusters;
    }

    private static double[,] Columns(double[,] vectors, int start, int count)
    {
        int n = vectors.GetLength(0);
        var result = new double[n, count];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < count; j++)
            {
                result[i, j] = vectors[i, start + j];
            }
        }
        return result;
    }

    // Qᵀ B Q, symmetrised against rounding.
    private static double[,] Restrict(double[,] b, double[,] q)
    {
        var bq = Multiply(b, q);
        int n = q.GetLength(0), m = q.GetLength(1);
        var result = new double[m, m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    sum += q[k, i] * bq[k, j];
                }
                result[i, j] = sum;
            }
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = i + 1; j < m; j++)
            {
                double mean = (result[i, j] + result[j, i]) / 2;
                result[i, j] = mean;
                result[j, i] = mean;
            }
        }
        return result;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        var result = new double[n, m];
        for (int i = 0; i < n; i++)
        {
            for (int l = 0; l < k; l++)
            {
                double ail = a[i, l];
                if (ail == 0)
                {
                    continue;
                }
                for (int j = 0; j < m; j++)
                {
                    result[i, j] += ail * b[l, j];
                }
            }
        }
        return result;
    }

    private static double[] MatMul(double[] a, double[] b, int d, bool transposeB)
    {
        var result = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int k = 0; k < d; k++)
                {
                    sum += a[i * d + k] * (transposeB ? b[j * d + k] : b[k * d + j]);
                }
                result[i * d + j] = sum;
            }
        }
        return result;
    }

    private static double Trace(double[] m, int d)
    {
        double sum = 0;
        for (int i = 0; i < d; i++)
        {
            sum += m[i * d + i];
        }
        return sum;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
