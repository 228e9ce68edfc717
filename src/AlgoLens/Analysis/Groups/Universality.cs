using System.Numerics.Tensors;

namespace AlgoLens.Analysis.Groups;

/// <summary>
/// Chughtai, Chan and Nanda's (2023) analysis of a model of group composition a·b = c, from what it
/// computes over all |G|² inputs: for each irrep ρ, the share of the embedding, of the neurons (as
/// functions of a and of b) and of the logits (as functions of c) that lies in the span of ρ's
/// matrix elements, and the share of the logits' variance that χ_ρ(a·b·c⁻¹) explains. The key
/// irreps are those whose χ_ρ(a·b·c⁻¹) explains at least <see cref="KeyThreshold"/> of it.
/// </summary>
/// <remarks>
/// <para>Shares are of the variance: each function is centred (its constant part is the trivial
/// irrep's share, which is left out), so a non-trivial irrep's shares sum to 1 over the non-trivial
/// irreps. Embedding: the element tokens' embedding rows as functions of the element (for an mlp,
/// both operands' embeddings side by side). Neurons: the pre-activations h(a, b) read along a (for
/// each b and neuron, a function of a), and along b. Logits: each input's logits as a function of
/// c, centred per input (an offset per input changes no prediction).</para>
/// <para>Logit fit: the regressor f_ρ(a, b, c) = χ_ρ(a·b·c⁻¹), with χ_ρ the real character
/// (2 Re χ for a complex-type irrep: for C_n, 2 cos(2πk(a + b − c)/n)), sums to zero over c and is
/// orthogonal to every other irrep's (character orthogonality), so the least-squares fit of the
/// centred logits L̃ on all of them splits into one share per irrep, ⟨L̃, f_ρ⟩² / (‖f_ρ‖² ‖L̃‖²),
/// and the fit on a set of irreps explains the sum of their shares. For C_n this is
/// <c>LogitCosineFit</c> frequency by frequency.</para>
/// </remarks>
public static class Universality
{
    /// <summary>The share of the logit variance χ_ρ(a·b·c⁻¹) must explain for ρ to be a key irrep.</summary>
    public const double KeyThreshold = 0.05;

    /// <summary>Analyses a model's numbers over the group.</summary>
    /// <param name="spans">The irreps' spans.</param>
    /// <param name="embedding">[|G|, width]: row g is element g's embedding.</param>
    /// <param name="neurons">[|G|², width]: row a·|G| + b is the neurons' pre-activations at input (a, b).</param>
    /// <param name="logits">[|G|², |G|]: row a·|G| + b is the logits at input (a, b).</param>
    public static UniversalityResult Analyse(IrrepSpans spans, float[] embedding, float[] neurons, float[] logits)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(neurons);
        ArgumentNullException.ThrowIfNull(logits);
        var group = spans.Irreps.Group;
        int n = group.Order;
        if (embedding.Length == 0 || embedding.Length % n != 0 || neurons.Length == 0 || neurons.Length % (n * n) != 0 || logits.Length != n * n * n)
        {
            throw new ArgumentException($"Expected embedding [{n}, w], neurons [{n * n}, w] and logits [{n * n}, {n}]; got {embedding.Length}, {neurons.Length} and {logits.Length} numbers.");
        }
        int width = neurons.Length / (n * n);
        var centred = CentreRows(logits, n * n, n);
        return new UniversalityResult(
            spans.Irreps.Irreps.Select(r => r.Name).ToArray(),
            Shares(spans.Energies(GramOfRows(embedding, n, embedding.Length / n))),
            Shares(spans.Energies(GramOfRows(neurons, n, n * width))),
            Shares(spans.Energies(GramAlongB(neurons, n, width))),
            Shares(spans.Energies(GramOfColumns(centred, n * n, n))),
            LogitFit(spans.Irreps, centred));
    }

    // G[a, a'] = Σ_col X[a, col] X[a', col] for X [n, columns], row-major.
    private static double[] GramOfRows(float[] x, int n, int columns)
    {
        var gram = new double[n * n];
        for (int a = 0; a < n; a++)
        {
            var row = x.AsSpan(a * columns, columns);
            for (int b = 0; b <= a; b++)
            {
                double dot = TensorPrimitives.Dot(row, x.AsSpan(b * columns, columns));
                gram[a * n + b] = dot;
                gram[b * n + a] = dot;
            }
        }
        return gram;
    }

    // G[b, b'] = Σ_a Σ_j X[a, b, j] X[a, b', j] for X [n, n, width].
    private static double[] GramAlongB(float[] x, int n, int width)
    {
        var gram = new double[n * n];
        for (int a = 0; a < n; a++)
        {
            int block = a * n * width;
            for (int b = 0; b < n; b++)
            {
                var row = x.AsSpan(block + b * width, width);
                for (int c = 0; c <= b; c++)
                {
                    gram[b * n + c] += TensorPrimitives.Dot(row, x.AsSpan(block + c * width, width));
                }
            }
        }
        for (int b = 0; b < n; b++)
        {
            for (int c = 0; c < b; c++)
            {
                gram[c * n + b] = gram[b * n + c];
            }
        }
        return gram;
    }

    // G[c, c'] = Σ_row X[row, c] X[row, c'] for X [rows, n] (double).
    private static double[] GramOfColumns(double[] x, int rows, int n)
    {
        var transposed = new double[n * rows];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < n; c++)
            {
                transposed[c * rows + r] = x[r * n + c];
            }
        }
        var gram = new double[n * n];
        for (int c = 0; c < n; c++)
        {
            for (int d = 0; d <= c; d++)
            {
                double dot = TensorPrimitives.Dot<double>(transposed.AsSpan(c * rows, rows), transposed.AsSpan(d * rows, rows));
                gram[c * n + d] = dot;
                gram[d * n + c] = dot;
            }
        }
        return gram;
    }

    private static double[] CentreRows(float[] x, int rows, int n)
    {
        var centred = new double[rows * n];
        for (int r = 0; r < rows; r++)
        {
            double mean = 0;
            for (int c = 0; c < n; c++)
            {
                mean += x[r * n + c];
            }
            mean /= n;
            for (int c = 0; c < n; c++)
            {
                centred[r * n + c] = x[r * n + c] - mean;
            }
        }
        return centred;
    }

    // Each irrep's energy over the non-trivial irreps' total (the trivial irrep, first, gets 0).
    private static double[] Shares(double[] energies)
    {
        double total = energies.Skip(1).Sum();
        return energies.Select((e, i) => i == 0 || total <= 0 ? 0 : Math.Max(0, e) / total).ToArray();
    }

    // ⟨L̃, f_ρ⟩ through M[x, c] = Σ_{a·b = x} L̃[(a, b), c]: ⟨L̃, f_ρ⟩ = Σ_{x, c} M[x, c] χ_ρ(x·c⁻¹).
    private static double[] LogitFit(GroupIrreps irreps, double[] centred)
    {
        var group = irreps.Group;
        int n = group.Order;
        var m = new double[n * n];
        double total = 0;
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                int x = group.Multiply(a, b), row = (a * n + b) * n;
                for (int c = 0; c < n; c++)
                {
                    double v = centred[row + c];
                    m[x * n + c] += v;
                    total += v * v;
                }
            }
        }
        var fit = new double[irreps.Irreps.Count];
        for (int r = 1; r < fit.Length; r++)
        {
            var chi = irreps.Irreps[r].Character;
            double dot = 0, chiSquared = 0;
            for (int g = 0; g < n; g++)
            {
                chiSquared += chi[g] * chi[g];
            }
            for (int x = 0; x < n; x++)
            {
                for (int c = 0; c < n; c++)
                {
                    dot += m[x * n + c] * chi[group.Multiply(x, group.Inverse(c))];
                }
            }
            // ‖f_ρ‖² = Σ_{a, b, c} χ(a·b·c⁻¹)² = |G|² Σ_g χ(g)²: for each (a, b), c⁻¹ runs over the group.
            double norm = (double)n * n * chiSquared;
            fit[r] = total > 0 && norm > 0 ? dot * dot / (norm * total) : 0;
        }
        return fit;
    }
}

/// <summary>The universality analysis at one checkpoint: per irrep (in the group's irrep order, the trivial one first, whose shares are 0).</summary>
/// <param name="Names">The irreps' names.</param>
/// <param name="Embedding">Share of the embedding's variance in each irrep's span.</param>
/// <param name="NeuronsA">Share of the neurons' variance along a.</param>
/// <param name="NeuronsB">Share of the neurons' variance along b.</param>
/// <param name="Logits">Share of the centred logits' variance along c.</param>
/// <param name="LogitFit">Share of the centred logits' variance that χ_ρ(a·b·c⁻¹) explains.</param>
public sealed record UniversalityResult(
    IReadOnlyList<string> Names,
    IReadOnlyList<double> Embedding,
    IReadOnlyList<double> NeuronsA,
    IReadOnlyList<double> NeuronsB,
    IReadOnlyList<double> Logits,
    IReadOnlyList<double> LogitFit)
{
    /// <summary>The key irreps: χ_ρ(a·b·c⁻¹) explains at least <see cref="Universality.KeyThreshold"/> of the logit variance; by that share, descending.</summary>
    public IReadOnlyList<string> KeyIrreps =>
        Enumerable.Range(0, Names.Count).Where(i => LogitFit[i] >= Universality.KeyThreshold).OrderByDescending(i => LogitFit[i]).Select(i => Names[i]).ToArray();

    /// <summary>The logit variance the key irreps' characters explain together (the sum of their shares: the regressors are orthogonal).</summary>
    public double KeyLogitFit => Enumerable.Range(0, Names.Count).Where(i => LogitFit[i] >= Universality.KeyThreshold).Sum(i => LogitFit[i]);
}
