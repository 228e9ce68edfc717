namespace AlgoLens.Analysis.Groups;

/// <summary>
/// For each irrep ρ of a group, an orthonormal basis of the span of its matrix elements g ↦ ρ(g)_ij
/// as vectors over the group (ℝ^G). The spans of different irreps are orthogonal (Schur) and
/// together fill ℝ^G (Peter–Weyl), so any function of one group element splits into one part per
/// irrep, and its squared norm into one share per irrep.
/// </summary>
public sealed class IrrepSpans
{
    private readonly double[][][] bases; // [irrep][vector][element]

    /// <summary>The spans of <paramref name="irreps"/>' irreps, in their order.</summary>
    public IrrepSpans(GroupIrreps irreps)
    {
        ArgumentNullException.ThrowIfNull(irreps);
        Irreps = irreps;
        int n = irreps.Group.Order;
        bases = irreps.Irreps.Select(r => Orthonormal(r, n)).ToArray();
    }

    /// <summary>The irreps.</summary>
    public GroupIrreps Irreps { get; }

    /// <summary>The orthonormal basis of irrep <paramref name="irrep"/>'s span, [vector][element].</summary>
    public IReadOnlyList<double[]> Basis(int irrep) => bases[irrep];

    /// <summary>
    /// The squared norm in each irrep's span of a set of vectors over the group, given their Gram
    /// matrix G [n, n] = Σ_v v vᵀ: Σ_{u in the basis} uᵀ G u, per irrep.
    /// </summary>
    public double[] Energies(double[] gram)
    {
        ArgumentNullException.ThrowIfNull(gram);
        int n = Irreps.Group.Order;
        if (gram.Length != n * n)
        {
            throw new ArgumentException($"The Gram matrix must be [{n}, {n}]; it has {gram.Length} entries.", nameof(gram));
        }
        var energies = new double[bases.Length];
        var gu = new double[n];
        for (int r = 0; r < bases.Length; r++)
        {
            foreach (double[] u in bases[r])
            {
                for (int i = 0; i < n; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < n; j++)
                    {
                        sum += gram[i * n + j] * u[j];
                    }
                    gu[i] = sum;
                }
                for (int i = 0; i < n; i++)
                {
                    energies[r] += u[i] * gu[i];
                }
            }
        }
        return energies;
    }

    // Gram–Schmidt (twice, for rounding) over the d² matrix elements; a complex-type irrep's d²
    // elements span only d²/2 dimensions, so the dependent ones fall away.
    private static double[][] Orthonormal(Irrep r, int n)
    {
        var basis = new List<double[]>();
        int d = r.Dimension;
        for (int ij = 0; ij < d * d; ij++)
        {
            var v = new double[n];
            for (int g = 0; g < n; g++)
            {
                v[g] = r.Entry(g, ij / d, ij % d);
            }
            double original = Math.Sqrt(v.Sum(x => x * x));
            for (int pass = 0; pass < 2; pass++)
            {
                foreach (double[] b in basis)
                {
                    double dot = 0;
                    for (int g = 0; g < n; g++)
                    {
                        dot += v[g] * b[g];
                    }
                    for (int g = 0; g < n; g++)
                    {
                        v[g] -= dot * b[g];
                    }
                }
            }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            if (norm > 1e-6 * original)
            {
                basis.Add(v.Select(x => x / norm).ToArray());
            }
        }
        if (basis.Count != r.SpanDimension)
        {
            throw new InvalidOperationException($"Irrep {r.Name}'s matrix elements span {basis.Count} dimensions, not {r.SpanDimension}.");
        }
        return [.. basis];
    }
}
