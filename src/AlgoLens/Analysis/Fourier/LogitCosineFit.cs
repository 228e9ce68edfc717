using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// How well logit(a, b, c) ≈ Σ_k α_k cos(w_k(a + b − c)) describes a model (Nanda et al. report
/// 95% of the variance for the grokked model); for (a − b) mod p, Σ_k α_k cos(w_k(a − b − c)) (in
/// general a + s·b − c, the <see cref="CyclicOperation"/>'s sign s). Definition used here: centre
/// each input's row of logits (a per-input offset changes no prediction), fit the α_k by least
/// squares over all p²·p entries, and report 1 − SS_res/SS_tot of the centred logits.
/// </summary>
/// <remarks>
/// The regressors cos(w_k(a + s·b − c)) are already centred per row and are mutually orthogonal for
/// distinct k in 1 .. (p − 1)/2 (their product sums to zero over c for every (a, b)), so the least
/// squares fit is α_k = ⟨L, g_k⟩/‖g_k‖² with ‖g_k‖² = p³/2, and SS_res = SS_tot − Σ_k α_k²‖g_k‖².
/// ⟨L, g_k⟩ depends on L only through the sums M[r, c] of the rows with (a + s·b) mod p = r.
/// </remarks>
/// <param name="Frequencies">The frequencies fitted, distinct and ascending.</param>
/// <param name="Alphas">The fitted amplitude α_k of each frequency, in the order of <paramref name="Frequencies"/>.</param>
/// <param name="VarianceExplained">1 − SS_res/SS_tot of the row-centred logits, in [0, 1]; 0 when the logits are constant per row.</param>
public sealed record LogitCosineFit(IReadOnlyList<int> Frequencies, IReadOnlyList<double> Alphas, double VarianceExplained)
{
    /// <summary>Fits logits [p², p] (row a·p + b, the last position) with the given frequencies.</summary>
    /// <param name="basis">The Fourier basis of Z_p.</param>
    /// <param name="logits">Logits [p², p], row a·p + b.</param>
    /// <param name="frequencies">The frequencies to fit, in 1 .. (p − 1)/2.</param>
    /// <param name="operation">The task's operation, which fixes the regressors cos(w(a + s·b − c)); null for addition.</param>
    public static LogitCosineFit Fit(FourierBasis basis, Tensor logits, IReadOnlyList<int> frequencies, CyclicOperation? operation = null)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(frequencies);
        int p = basis.P;
        if (logits.Rank != 2 || logits.Shape[0] != p * p || logits.Shape[1] != p)
        {
            throw new ArgumentException($"Logits must be [{p * p}, {p}] (row a·{p} + b, the last position); got {logits.ShapeString}.", nameof(logits));
        }
        basis.CheckFrequencies(frequencies, nameof(frequencies));
        int[] keys = frequencies.Distinct().Order().ToArray();
        operation ??= CyclicOperation.Add;

        var sums = new double[p * p]; // [r, c]: Σ of centred rows with (a + s·b) mod p = r
        var row = new double[p];
        double ssTotal = 0;
        for (int i = 0; i < p * p; i++)
        {
            double mean = 0;
            for (int c = 0; c < p; c++)
            {
                row[c] = logits.Data[i * p + c];
                mean += row[c];
            }
            mean /= p;
            int r = operation.Apply(i / p, i % p, p);
            for (int c = 0; c < p; c++)
            {
                double centred = row[c] - mean;
                ssTotal += centred * centred;
                sums[r * p + c] += centred;
            }
        }

        double normSquared = (double)p * p * p / 2;
        var alphas = new double[keys.Length];
        double ssExplained = 0;
        for (int j = 0; j < keys.Length; j++)
        {
            double w = basis.AngularFrequency(keys[j]);
            double dot = 0;
            for (int r = 0; r < p; r++)
            {
                for (int c = 0; c < p; c++)
                {
                    // (r − c) mod p keeps the angle exact for large p.
                    dot += sums[r * p + c] * Math.Cos(w * (((r - c) % p + p) % p));
                }
            }
            alphas[j] = dot / normSquared;
            ssExplained += alphas[j] * dot;
        }
        double explained = ssTotal > 0 ? Math.Min(ssExplained / ssTotal, 1) : 0; // min: rounding only
        return new LogitCosineFit(keys, alphas, explained);
    }
}
