using System.Buffers;
using AlgoLens.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// Which frequency each MLP neuron uses, from its activations over the (a, b) grid (Nanda et al.
/// 2023): mean-centre each neuron, take the 2-D Fourier transform, and measure the share of its
/// variance in each frequency's 3×3 block {0, 2k−1, 2k}² (the (0, 0) term is the mean, zero after
/// centring, so the blocks of different frequencies are disjoint and their shares sum to at most
/// 1). A neuron's frequency is the block with the largest share; it is explained when that share
/// is at least the threshold.
/// </summary>
public sealed class NeuronFrequencies
{
    /// <summary>The paper's threshold: a neuron is single-frequency at ≥ 85% of its variance.</summary>
    public const double DefaultThreshold = 0.85;

    private readonly double[] shares; // [K + 1, n]: share of neuron j's variance in frequency k's block (row 0: energy in no block, unnormalised)
    private readonly int[] frequency; // [n]
    private readonly double[] fraction; // [n]
    private readonly int[] secondFrequency; // [n]
    private readonly double[] secondFraction; // [n]

    private NeuronFrequencies(int frequencies, int neurons, double[] shares, double threshold)
    {
        Frequencies = frequencies;
        Neurons = neurons;
        Threshold = threshold;
        this.shares = shares;
        frequency = new int[neurons];
        fraction = new double[neurons];
        secondFrequency = new int[neurons];
        secondFraction = new double[neurons];
        for (int j = 0; j < neurons; j++)
        {
            // A neuron with no variance (dead, or constant over the grid) keeps frequency 0, share 0.
            for (int k = 1; k <= frequencies; k++)
            {
                double s = shares[k * neurons + j];
                if (s > fraction[j])
                {
                    (secondFraction[j], secondFrequency[j]) = (fraction[j], frequency[j]);
                    fraction[j] = s;
                    frequency[j] = k;
                }
                else if (s > secondFraction[j])
                {
                    secondFraction[j] = s;
                    secondFrequency[j] = k;
                }
            }
        }
        ExplainedCount = fraction.Count(f => f >= threshold);
    }

    /// <summary>Number of neurons analysed.</summary>
    public int Neurons { get; }

    /// <summary>Number of frequencies, (p − 1)/2.</summary>
    public int Frequencies { get; }

    /// <summary>The share of variance at which a neuron counts as explained.</summary>
    public double Threshold { get; }

    /// <summary>
    /// Each neuron's frequency (the block with the largest share); 0 for a neuron with no variance.
    /// When no block holds much (e.g. a neuron in cos(w_j a)·cos(w_k b), j ≠ k) the argmax is arbitrary:
    /// read it together with <see cref="Fraction"/>.
    /// </summary>
    public IReadOnlyList<int> Frequency => frequency;

    /// <summary>Each neuron's share of variance in its frequency's block, in [0, 1].</summary>
    public IReadOnlyList<double> Fraction => fraction;

    /// <summary>
    /// Each neuron's block with the second largest share (0 when no other block holds any): for a
    /// neuron that is not explained, whether the rest sits in one more frequency, such as a
    /// ReLU's harmonic 2k of its frequency k, or a second key frequency.
    /// </summary>
    public IReadOnlyList<int> SecondFrequency => secondFrequency;

    /// <summary>Each neuron's share of variance in its second frequency's block.</summary>
    public IReadOnlyList<double> SecondFraction => secondFraction;

    /// <summary>Number of neurons whose frequency holds at least <see cref="Threshold"/> of their variance.</summary>
    public int ExplainedCount { get; }

    /// <summary><see cref="ExplainedCount"/> / <see cref="Neurons"/>.</summary>
    public double ExplainedShare => Neurons == 0 ? 0 : (double)ExplainedCount / Neurons;

    /// <summary>
    /// Analyses activations [p², n] (row a·p + b, one column per neuron; for the grokking model
    /// <c>blocks.0.mlp.hook_post</c> at the last position) or [p, p, n].
    /// </summary>
    public static NeuronFrequencies Analyse(FourierBasis basis, Tensor activations, double threshold = DefaultThreshold) =>
        Analyse(basis, activations, threshold, NeuronsPerPass);

    /// <summary><see cref="Analyse(FourierBasis, Tensor, double)"/> <paramref name="neuronsPerPass"/> neurons at a time (for tests).</summary>
    internal static NeuronFrequencies Analyse(FourierBasis basis, Tensor activations, double threshold, int neuronsPerPass)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(activations);
        int p = basis.P, cells = p * p;
        if (activations.Rank is not (2 or 3) || activations.Size == 0 || activations.Shape[0] * (activations.Rank == 3 ? activations.Shape[1] : 1) != cells)
        {
            throw new ArgumentException($"Neuron activations must be [{cells}, n] (row a·{p} + b) or [{p}, {p}, n]; got {activations.ShapeString}.", nameof(activations));
        }
        if (!(threshold > 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"The threshold is a share of variance in (0, 1]; got {threshold}.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(neuronsPerPass, 1);
        int n = activations.Size / cells;
        // The neurons are analysed neuronsPerPass at a time, in three [p², neuronsPerPass] buffers
        // reused by every pass (pooled, so that analysing 200 checkpoints does not churn the
        // large-object heap): three [p², n] buffers, 78 MB for the grokking preset, cost more in
        // page faults than the transforms themselves. Each neuron's numbers are the same bits
        // either way: its mean, transform and block energies read only its own column, and the
        // GEMMs sum each element in one fixed order whatever their width.
        int width = Math.Min(n, neuronsPerPass);
        var pool = ArrayPool<float>.Shared;
        float[] centred = pool.Rent(cells * width), alongA = pool.Rent(cells * width), spectrum = pool.Rent(cells * width);
        try
        {
            var blocks = new double[(basis.Frequencies + 1) * n];
            var mean = Means(activations.Data, cells, n);
            for (int first = 0; first < n; first += width)
            {
                int count = Math.Min(width, n - first);
                int size = cells * count;
                Centre(activations.Data, mean, centred, cells, n, first, count);
                FourierTransform.Apply(basis, centred.AsSpan(0, size), alongA.AsSpan(0, size), outer: 1, inner: p * count, inverse: false); // [p(f_a), p(b), count]
                FourierTransform.Apply(basis, alongA.AsSpan(0, size), spectrum.AsSpan(0, size), outer: p, inner: count, inverse: false); // [p(f_a), p(f_b), count]
                AddBlockEnergies(basis, spectrum, count, blocks, n, first);
            }
            return new NeuronFrequencies(basis.Frequencies, n, Shares(basis, blocks, n), threshold);
        }
        finally
        {
            pool.Return(centred);
            pool.Return(alongA);
            pool.Return(spectrum);
        }
    }

    /// <summary>Neurons per pass of <see cref="Analyse(FourierBasis, Tensor, double)"/>: 64 columns keep its buffers at 3.3 MB each for p = 113.</summary>
    internal const int NeuronsPerPass = 64;

    /// <summary>The share of neuron <paramref name="neuron"/>'s variance in frequency <paramref name="frequency"/>'s block.</summary>
    public double ShareIn(int neuron, int frequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(neuron);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(neuron, Neurons);
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frequency, Frequencies);
        return shares[frequency * Neurons + neuron];
    }

    /// <summary>True when the neuron's frequency holds at least <see cref="Threshold"/> of its variance.</summary>
    public bool IsExplained(int neuron) => fraction[neuron] >= Threshold;

    /// <summary>Explained neurons per frequency, indexed by frequency ([0] is always 0).</summary>
    public int[] ExplainedPerFrequency()
    {
        var counts = new int[Frequencies + 1];
        for (int j = 0; j < Neurons; j++)
        {
            if (IsExplained(j))
            {
                counts[frequency[j]]++;
            }
        }
        return counts;
    }

    /// <summary>
    /// The key frequencies: the distinct frequencies of the explained neurons that at least
    /// <paramref name="minNeurons"/> explained neurons share, ascending.
    /// </summary>
    /// <remarks>
    /// With the default of 1 this is the paper's "distinct argmax frequencies" restricted to
    /// explained neurons, which is how the calibration table in grokking.md counts them. Only
    /// explained neurons vote because every neuron has some argmax, and an untrained neuron's is
    /// noise; an explained one is not (by chance a block holds about 8/(p² − 1) of the variance).
    /// A larger <paramref name="minNeurons"/> (say 3) drops a frequency held by a lone neuron,
    /// which is real but too small to matter to the logits; use it when comparing sets across seeds.
    /// </remarks>
    public int[] KeyFrequencies(int minNeurons = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minNeurons, 1);
        var counts = ExplainedPerFrequency();
        return Enumerable.Range(1, Frequencies).Where(k => counts[k] >= minNeurons).ToArray();
    }

    // Each neuron's mean over the grid, summed in float64 so a large mean loses nothing.
    private static double[] Means(float[] data, int cells, int n)
    {
        var mean = new double[n];
        var row = new double[n];
        for (int i = 0; i < cells; i++)
        {
            TensorPrimitives.ConvertChecked<float, double>(data.AsSpan(i * n, n), row);
            TensorPrimitives.Add(mean, row, mean);
        }
        TensorPrimitives.Divide(mean, (double)cells, mean);
        return mean;
    }

    // Neurons first .. first + count − 1 less their means (in float64), as a [cells, count] block.
    private static void Centre(float[] data, double[] mean, float[] centred, int cells, int n, int first, int count)
    {
        var row = new double[count];
        var means = mean.AsSpan(first, count);
        for (int i = 0; i < cells; i++)
        {
            TensorPrimitives.ConvertChecked<float, double>(data.AsSpan(i * n + first, count), row);
            TensorPrimitives.Subtract(row, means, row);
            TensorPrimitives.ConvertChecked<double, float>(row, centred.AsSpan(i * count, count));
        }
    }

    // Adds the squared spectrum [p, p, count] of neurons first .. first + count − 1 into blocks
    // [K + 1, n]: frequency k's 3×3 block into row k, energy outside every block into row 0.
    private static void AddBlockEnergies(FourierBasis basis, float[] spectrum, int count, double[] blocks, int n, int first)
    {
        int p = basis.P;
        var energy = new double[count];
        for (int fa = 0; fa < p; fa++)
        {
            for (int fb = 0; fb < p; fb++)
            {
                if (fa == 0 && fb == 0)
                {
                    continue;
                }
                int ka = basis.FrequencyOfRow(fa), kb = basis.FrequencyOfRow(fb);
                int block = ka == 0 ? kb : kb == 0 || kb == ka ? ka : 0;
                TensorPrimitives.ConvertChecked<float, double>(spectrum.AsSpan((fa * p + fb) * count, count), energy);
                var blockRow = blocks.AsSpan(block * n + first, count);
                TensorPrimitives.MultiplyAdd(energy, energy, blockRow, blockRow);
            }
        }
    }

    // Shares [K + 1, n] from the block energies (normalised in place). The total over all rows
    // is the spectrum's energy without (0, 0): by Parseval the centred variance, and taken from
    // the same spectrum so that every share is ≤ 1.
    private static double[] Shares(FourierBasis basis, double[] blocks, int n)
    {
        var total = new double[n];
        for (int k = 0; k <= basis.Frequencies; k++)
        {
            TensorPrimitives.Add(total, blocks.AsSpan(k * n, n), total);
        }
        for (int k = 1; k <= basis.Frequencies; k++)
        {
            for (int j = 0; j < n; j++)
            {
                blocks[k * n + j] = total[j] > 0 ? blocks[k * n + j] / total[j] : 0;
            }
        }
        return blocks;
    }
}
