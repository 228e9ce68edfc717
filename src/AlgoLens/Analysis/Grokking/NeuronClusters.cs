using AlgoLens.Analysis.Fourier;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// The MLP neurons clustered by their Fourier signature (Nanda et al. 2023, §3.2.6): one cluster
/// per frequency of the explained neurons (<see cref="NeuronFrequencies"/>), one more for the
/// neurons no frequency explains, and per cluster how much of its weights and of its effect on
/// the logits lie in the cluster's frequency.
/// </summary>
/// <remarks>
/// Every share is a share of energy over Z_p with the constant component left out (a constant
/// over a or b shifts every pair alike, a constant over c does not change the softmax): the
/// cluster's energy in the (cos k, sin k) pair of its frequency k over the energy in all pairs,
/// summed over the cluster's neurons (so a large neuron weighs more than a small one).
/// </remarks>
public static class NeuronClusters
{
    /// <summary>The clusters of a transformer's block <paramref name="layer"/>, from its activations [p², d_mlp] at the last position and its weights.</summary>
    public static NeuronCluster[] Of(HookedTransformer model, FourierBasis basis, NeuronFrequencies neurons, Tensor activations, int layer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(basis);
        var embed = model["embed.W_E"]; // [d_vocab, d_model]
        var wIn = model[$"blocks.{layer}.mlp.W_in"]; // [d_model, d_mlp]
        int p = basis.P, dModel = wIn.Shape[0], dMlp = wIn.Shape[1];
        if (embed.Shape[0] < p)
        {
            throw new ArgumentException($"embed.W_E has {embed.Shape[0]} rows, fewer than p = {p} number tokens.", nameof(model));
        }
        // At '=' the operands reach the MLP only through the attention, so each neuron's input
        // from an operand token is read along the value path: Σ_h W_E[0:p]·W_V[h]·W_O[h]·W_in, a
        // function of the token, the same for a and for b (the attention weights scale it).
        var wV = model[$"blocks.{layer}.attn.W_V"]; // [head, d_model, d_head]
        var wO = model[$"blocks.{layer}.attn.W_O"]; // [head, d_head, d_model]
        int heads = wV.Shape[0], dHead = wV.Shape[2];
        var values = new float[p * dHead];
        var written = new float[p * dModel]; // Σ_h W_E·W_V[h]·W_O[h]
        for (int h = 0; h < heads; h++)
        {
            Gemm.Multiply(false, false, p, dHead, dModel, embed.Data.AsSpan(0, p * dModel), dModel, wV.Data.AsSpan(h * dModel * dHead, dModel * dHead), dHead, values, dHead, accumulate: false);
            Gemm.Multiply(false, false, p, dModel, dHead, values, dHead, wO.Data.AsSpan(h * dHead * dModel, dHead * dModel), dModel, written, dModel, accumulate: h > 0);
        }
        var input = new float[p * dMlp];
        Gemm.Multiply(false, false, p, dMlp, dModel, written, dModel, wIn.Data, dMlp, input, dMlp, accumulate: false);
        return Of(basis, neurons, activations, new Tensor(input, p, dMlp), FrequencyNorms.NeuronLogitMap(model, p, layer));
    }

    /// <summary>
    /// The clusters from the arrays: <paramref name="activations"/> [p², n] (row a·p + b),
    /// <paramref name="neuronInput"/> [p, n] (each neuron's input as a function of one operand
    /// token, Σ_h W_E·W_V[h]·W_O[h]·W_in) and <paramref name="neuronLogit"/> [n, p] (W_out·W_U).
    /// </summary>
    public static NeuronCluster[] Of(FourierBasis basis, NeuronFrequencies neurons, Tensor activations, Tensor neuronInput, Tensor neuronLogit)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(neurons);
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(neuronInput);
        ArgumentNullException.ThrowIfNull(neuronLogit);
        int p = basis.P, n = neurons.Neurons;
        Require(activations, p * p, n, "activations", "[p², n] (row a·p + b)");
        Require(neuronInput, p, n, "neuronInput", "[p, n] (Σ_h W_E·W_OV[h]·W_in)");
        Require(neuronLogit, n, p, "neuronLogit", "[n, p] (W_out·W_U)");

        var inputCoefficients = Transform(basis, Transpose(neuronInput.Data, p, n), n); // [n, p]
        var logitCoefficients = Transform(basis, neuronLogit.Data, n); // [n, p]: W_L·Fᵀ, so act·(W_L·Fᵀ) is the logits' transform over c

        var members = new SortedDictionary<int, List<int>>();
        for (int j = 0; j < n; j++)
        {
            int k = neurons.IsExplained(j) ? neurons.Frequency[j] : 0;
            if (!members.TryGetValue(k, out var list))
            {
                members[k] = list = [];
            }
            list.Add(j);
        }
        // The explained clusters in frequency order, the unexplained one last.
        var clusters = new List<NeuronCluster>();
        foreach (var (k, list) in members.Where(m => m.Key > 0).Append(members.FirstOrDefault(m => m.Key == 0)))
        {
            if (list is null)
            {
                continue;
            }
            clusters.Add(k == 0
                ? new NeuronCluster(0, list.Count, null, null, null)
                : new NeuronCluster(k, list.Count,
                    RowShare(basis, inputCoefficients, p, list, k),
                    RowShare(basis, logitCoefficients, p, list, k),
                    LogitShare(basis, activations.Data, logitCoefficients, n, list, k)));
        }
        return clusters.ToArray();
    }

    // Energy in frequency k over non-constant energy, summed over the rows listed of coefficients [·, p].
    private static double RowShare(FourierBasis basis, double[] coefficients, int p, List<int> rows, int k)
    {
        double inK = 0, total = 0;
        foreach (int j in rows)
        {
            Accumulate(basis, coefficients.AsSpan(j * p, p), k, ref inK, ref total);
        }
        return total > 0 ? inK / total : 0;
    }

    // The cluster's direct effect on the logits, act[:, cluster]·W_L[cluster, :], transformed over c,
    // for every (a, b): its energy in frequency k over its non-constant energy.
    private static double LogitShare(FourierBasis basis, float[] activations, double[] logitCoefficients, int n, List<int> cluster, int k)
    {
        int p = basis.P, m = cluster.Count;
        var act = new float[p * p * m];
        var weights = new float[m * p];
        for (int i = 0; i < m; i++)
        {
            int j = cluster[i];
            for (int g = 0; g < p * p; g++)
            {
                act[g * m + i] = activations[g * n + j];
            }
            for (int c = 0; c < p; c++)
            {
                weights[i * p + c] = (float)logitCoefficients[j * p + c];
            }
        }
        var logits = new float[p * p * p]; // [p², p]: coefficients over c
        Gemm.Multiply(false, false, p * p, p, m, act, m, weights, p, logits, p, accumulate: false);
        double inK = 0, total = 0;
        var row = new double[p];
        for (int g = 0; g < p * p; g++)
        {
            for (int c = 0; c < p; c++)
            {
                row[c] = logits[g * p + c];
            }
            Accumulate(basis, row, k, ref inK, ref total);
        }
        return total > 0 ? inK / total : 0;
    }

    private static void Accumulate(FourierBasis basis, ReadOnlySpan<double> coefficients, int k, ref double inK, ref double total)
    {
        for (int r = 1; r < coefficients.Length; r++)
        {
            double e = coefficients[r] * coefficients[r];
            total += e;
            if (basis.FrequencyOfRow(r) == k)
            {
                inK += e;
            }
        }
    }

    // Rows of values [rows, p] times Fᵀ: each row's Fourier coefficients, in float64.
    private static double[] Transform(FourierBasis basis, float[] values, int rows)
    {
        int p = basis.P;
        var f = basis.ToArray(); // [p (row), p (x)]
        var result = new double[rows * p];
        for (int j = 0; j < rows; j++)
        {
            for (int r = 0; r < p; r++)
            {
                double sum = 0;
                for (int x = 0; x < p; x++)
                {
                    sum += f[r * p + x] * values[j * p + x];
                }
                result[j * p + r] = sum;
            }
        }
        return result;
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                result[j * rows + i] = values[i * columns + j];
            }
        }
        return result;
    }

    private static void Require(Tensor tensor, int rows, int columns, string name, string expected)
    {
        if (tensor.Rank != 2 || tensor.Shape[0] != rows || tensor.Shape[1] != columns)
        {
            throw new ArgumentException($"{name} must be {expected}, here [{rows}, {columns}]; got {tensor.ShapeString}.", name);
        }
    }
}

/// <summary>One cluster of MLP neurons.</summary>
/// <param name="Frequency">The frequency its neurons share; 0 for the neurons no frequency explains.</param>
/// <param name="Neurons">How many neurons it holds.</param>
/// <param name="InputShare">Share of its input weights read from an operand's embedding through the attention's value path (Σ_h W_E·W_V[h]·W_O[h]·W_in, a function of a and of b) in its frequency; null for the unexplained cluster.</param>
/// <param name="OutputShare">Share of its output weights read through the unembedding (W_out·W_U, a function of c) in its frequency; null for the unexplained cluster.</param>
/// <param name="LogitShare">Share of its direct effect on the logits (activations·W_out·W_U over every (a, b), a function of c) in its frequency; null for the unexplained cluster.</param>
public sealed record NeuronCluster(int Frequency, int Neurons, double? InputShare, double? OutputShare, double? LogitShare);
