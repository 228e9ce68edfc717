using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// How much of a matrix lies in each frequency of Z_p: the norm of the (cos k, sin k) pair of its
/// Fourier coefficients along the axis of length p. Arrays are indexed by frequency: [0] is the
/// constant component, [k] for k = 1 .. (p − 1)/2 is √(‖row 2k−1‖² + ‖row 2k‖²) of the transform.
/// </summary>
public static class FrequencyNorms
{
    /// <summary>Norms per frequency of F·M for M [p, d] (the transform along the rows).</summary>
    public static double[] OfRows(FourierBasis basis, Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(matrix);
        RequireMatrix(matrix, basis.P, rowsArePositions: true);
        int p = basis.P, d = matrix.Shape[1];
        var columns = new double[d * p]; // [d, p]: Mᵀ, so each dot product below runs over contiguous x
        for (int x = 0; x < p; x++)
        {
            for (int j = 0; j < d; j++)
            {
                columns[j * p + x] = matrix.Data[x * d + j];
            }
        }
        return FromVectors(basis, columns, d);
    }

    /// <summary>Norms per frequency of M·Fᵀ for M [d, p] (the transform along the columns).</summary>
    public static double[] OfColumns(FourierBasis basis, Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(matrix);
        RequireMatrix(matrix, basis.P, rowsArePositions: false);
        return FromVectors(basis, Array.ConvertAll(matrix.Data, v => (double)v), matrix.Shape[0]);
    }

    /// <summary>
    /// Norms per frequency of the number tokens' embeddings: F·W_E[0:p] (the <c>=</c> token and any
    /// later rows are left out; they are not points of Z_p).
    /// </summary>
    public static double[] OfEmbedding(HookedTransformer model, FourierBasis basis)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(basis);
        var embed = model["embed.W_E"]; // [d_vocab, d_model]
        int p = basis.P, dModel = embed.Shape[1];
        if (embed.Shape[0] < p)
        {
            throw new ArgumentException($"embed.W_E has {embed.Shape[0]} rows, fewer than p = {p} number tokens.", nameof(model));
        }
        var numbers = new Tensor(embed.Data.AsSpan(0, p * dModel).ToArray(), p, dModel); // [p, d_model]
        return OfRows(basis, numbers);
    }

    /// <summary>
    /// Norms per frequency of the neuron-logit map W_L = W_out·W_U [d_mlp, p] of a block, along
    /// the output (vocabulary) axis.
    /// </summary>
    public static double[] OfNeuronLogitMap(HookedTransformer model, FourierBasis basis, int layer) =>
        OfColumns(basis, NeuronLogitMap(model, basis.P, layer));

    /// <summary>W_L = W_out·W_U [d_mlp, d_vocab_out] of a block: each neuron's direct effect on the logits.</summary>
    public static Tensor NeuronLogitMap(HookedTransformer model, int p, int layer)
    {
        ArgumentNullException.ThrowIfNull(model);
        var wOut = model[$"blocks.{layer}.mlp.W_out"]; // [d_mlp, d_model]
        var wU = model["unembed.W_U"]; // [d_model, d_vocab_out]
        int dMlp = wOut.Shape[0], dModel = wOut.Shape[1], vocabOut = wU.Shape[1];
        if (vocabOut != p)
        {
            throw new ArgumentException($"unembed.W_U has {vocabOut} outputs but p = {p}; the Fourier analysis needs d_vocab_out = p.", nameof(model));
        }
        var map = new float[dMlp * p]; // [d_mlp, p]
        Gemm.Multiply(false, false, dMlp, p, dModel, wOut.Data, dModel, wU.Data, p, map, p, accumulate: false);
        return new Tensor(map, dMlp, p);
    }

    /// <summary>
    /// The share of the total squared norm (constant included; by Parseval, ‖M‖²) that lies in
    /// <paramref name="frequencies"/>: Σ_{k∈S} n_k² / Σ_k n_k². 0 for an all-zero matrix.
    /// </summary>
    public static double Share(IReadOnlyList<double> norms, IEnumerable<int> frequencies)
    {
        ArgumentNullException.ThrowIfNull(norms);
        ArgumentNullException.ThrowIfNull(frequencies);
        double total = 0, inSet = 0;
        foreach (double n in norms)
        {
            total += n * n;
        }
        foreach (int k in frequencies.Distinct())
        {
            if (k < 1 || k >= norms.Count)
            {
                throw new ArgumentException($"Frequency {k} is outside 1 .. {norms.Count - 1}.", nameof(frequencies));
            }
            inSet += norms[k] * norms[k];
        }
        return total > 0 ? inSet / total : 0;
    }

    /// <summary>The non-constant part, norms[1..]: what the Gini coefficient is taken over.</summary>
    public static double[] NonConstant(IReadOnlyList<double> norms)
    {
        ArgumentNullException.ThrowIfNull(norms);
        return norms.Skip(1).ToArray();
    }

    // vectors [count, p]: squared Fourier coefficients summed over the vectors, pairs combined.
    private static double[] FromVectors(FourierBasis basis, double[] vectors, int count)
    {
        int p = basis.P;
        var energy = new double[p];
        ReadOnlySpan<double> f = basis.Matrix;
        for (int i = 0; i < count; i++)
        {
            var v = vectors.AsSpan(i * p, p);
            for (int row = 0; row < p; row++)
            {
                double c = TensorPrimitives.Dot(f.Slice(row * p, p), v);
                energy[row] += c * c;
            }
        }
        var norms = new double[basis.Frequencies + 1];
        norms[0] = Math.Sqrt(energy[0]);
        for (int k = 1; k <= basis.Frequencies; k++)
        {
            norms[k] = Math.Sqrt(energy[2 * k - 1] + energy[2 * k]);
        }
        return norms;
    }

    private static void RequireMatrix(Tensor matrix, int p, bool rowsArePositions)
    {
        int[] s = matrix.Shape;
        bool ok = s.Length == 2 && (rowsArePositions ? s[0] : s[1]) == p;
        if (!ok)
        {
            string want = rowsArePositions ? $"[{p}, d]" : $"[d, {p}]";
            throw new ArgumentException($"Expected a matrix of shape {want}; got {matrix.ShapeString}.", nameof(matrix));
        }
    }
}
