using AlgoLens.Analysis.Fourier;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// Measures a modular-addition (or subtraction) checkpoint's progress toward the Fourier algorithm
/// (Nanda et al. 2023): one forward pass over all p² inputs that keeps only the logits and the MLP
/// activations, then the Fourier analyses of <c>Analysis.Fourier</c>.
/// </summary>
public static class GrokkingProgress
{
    /// <summary>
    /// The progress measures of <paramref name="model"/> on (a + b) mod <paramref name="p"/>, or on
    /// (a − b) mod p with <paramref name="operation"/> = <see cref="CyclicOperation.Sub"/>.
    /// </summary>
    /// <param name="model">A model on inputs <c>a b =</c> (d_vocab ≥ p + 1, <c>=</c> = token p) with d_vocab_out = p and an MLP.</param>
    /// <param name="p">The odd modulus.</param>
    /// <param name="trainIndices">The training inputs as rows a·p + b of the grid (for the excluded loss).</param>
    /// <param name="keyFrequencies">Frequencies for the restricted and excluded losses, the embedding share and
    /// the logit fit, e.g. the final checkpoint's (as the paper does before the circuit forms); null to use
    /// the key frequencies found at this checkpoint.</param>
    /// <param name="options">Thresholds and the layer; null for the paper's defaults.</param>
    /// <param name="operation">The task's operation: it fixes the restricted and excluded losses' directions
    /// cos/sin(w(a + s·b)), their labels and the logit fit; null for addition. The embedding and
    /// W_L norms, Gini coefficients and neuron frequencies do not depend on it.</param>
    public static GrokkingMeasures Measure(HookedTransformer model, int p, IReadOnlyList<int> trainIndices,
        IReadOnlyList<int>? keyFrequencies = null, GrokkingProgressOptions? options = null, CyclicOperation? operation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainIndices);
        options ??= new GrokkingProgressOptions();
        var basis = new FourierBasis(p);
        int layer = CheckModel(model, p, options.Layer);
        int[] train = trainIndices.ToArray();
        // Checked before the forward pass, so a bad split fails fast rather than after the work.
        CrossEntropy.CheckTargets(train, new int[train.Length], p * p, p);

        // Everything per checkpoint is scratch: pooled, so that measuring hundreds of checkpoints
        // does not leave tens of MB of large-object garbage behind each one.
        using var memory = MemoryScope.Begin();
        var (logits, activations) = LastPositionInScope(model, p, layer, pooled: true); // [p², p], [p², d_mlp]
        var neurons = NeuronFrequencies.Analyse(basis, activations, options.NeuronThreshold);
        int[] found = neurons.KeyFrequencies(options.MinNeuronsPerKeyFrequency);
        int[] used = keyFrequencies?.Distinct().Order().ToArray() ?? found;

        var decomposition = new KeyFrequencyLogits(basis, logits, used, operation);
        double restricted = decomposition.RestrictedLossOnAll();
        double excluded = decomposition.ExcludedLossOn(train);

        double[] embedding = FrequencyNorms.OfEmbedding(model, basis);
        double[] neuronLogit = FrequencyNorms.OfNeuronLogitMap(model, basis, layer);
        return new GrokkingMeasures(
            KeyFrequencies: found,
            FrequenciesUsed: used,
            RestrictedLoss: restricted,
            ExcludedLoss: excluded,
            GiniEmbedding: GiniCoefficient.Of(FrequencyNorms.NonConstant(embedding)),
            GiniNeuronLogitMap: GiniCoefficient.Of(FrequencyNorms.NonConstant(neuronLogit)),
            SumOfSquaredWeights: model.SumOfSquaredWeights(),
            EmbeddingShare: FrequencyNorms.Share(embedding, used),
            NeuronsExplained: neurons.ExplainedCount,
            Neurons: neurons.Neurons,
            LogitVarianceExplained: LogitCosineFit.Fit(basis, logits, used, operation).VarianceExplained);
    }

    /// <summary>
    /// <see cref="GrokkingMeasures.LogitVarianceExplained"/> alone, over the key frequencies found at
    /// this checkpoint: the same forward pass, neuron analysis and fit as <see cref="Measure"/> with
    /// no <c>keyFrequencies</c>, so the same number, without the losses and weight norms it does
    /// not need (the Fourier clock detector reads only this).
    /// </summary>
    public static double LogitVarianceExplained(HookedTransformer model, int p, GrokkingProgressOptions? options = null, CyclicOperation? operation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new GrokkingProgressOptions();
        var basis = new FourierBasis(p);
        int layer = CheckModel(model, p, options.Layer);
        using var memory = MemoryScope.Begin();
        var (logits, activations) = LastPositionInScope(model, p, layer, pooled: true); // [p², p], [p², d_mlp]
        int[] found = NeuronFrequencies.Analyse(basis, activations, options.NeuronThreshold).KeyFrequencies(options.MinNeuronsPerKeyFrequency);
        return LogitCosineFit.Fit(basis, logits, found, operation).VarianceExplained;
    }

    /// <summary>
    /// Logits [p², p] and the MLP activations (<c>blocks.{layer}.mlp.hook_post</c>) [p², d_mlp] at
    /// the last position, for all p² inputs in a-major order.
    /// </summary>
    public static (Tensor Logits, Tensor Activations) LastPosition(HookedTransformer model, int p, int layer) =>
        LastPosition(model, p, layer, RowsPerPass);

    /// <summary><see cref="LastPosition(HookedTransformer, int, int)"/> in passes of <paramref name="rowsPerPass"/> inputs (for tests).</summary>
    internal static (Tensor Logits, Tensor Activations) LastPosition(HookedTransformer model, int p, int layer, int rowsPerPass)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerPass, 1);
        // The forward's intermediates go back to the pool when the scope ends; the results are
        // kept arrays. Across checkpoints this avoids LOH churn.
        using var memory = MemoryScope.Begin();
        return LastPositionInScope(model, p, layer, pooled: false, rowsPerPass);
    }

    /// <summary>
    /// Inputs per forward pass of <see cref="LastPositionInScope"/>: a few hundred rows keep each pass's
    /// intermediates (the stream, q/k/v, the MLP) at a few MB, reused from the pool by the next
    /// pass, where one pass over all p² = 12,769 inputs of the grokking preset held ~300 MB at once
    /// and spent most of its time faulting that memory in (docs/PERFORMANCE.md, "detect").
    /// </summary>
    internal const int RowsPerPass = 512;

    // The forward in the caller's memory scope, RowsPerPass inputs at a time; the results are pooled
    // scratch or kept arrays. Every row's logits and activations are the same bits as in one pass
    // over the whole grid: no op of the forward mixes inputs, and the GEMMs sum each element in
    // one fixed order whatever the number of rows (AlgoLens.Tensors.Kernels.Gemm).
    private static (Tensor Logits, Tensor Activations) LastPositionInScope(HookedTransformer model, int p, int layer, bool pooled, int rowsPerPass = RowsPerPass)
    {
        string hook = $"blocks.{layer}.mlp.hook_post";
        using var noGrad = Tensor.NoGrad();
        var tokens = ModularAdditionGrid.Tokens(p);
        int rows = tokens.Batch, positions = tokens.Positions;
        var config = model.Config;
        // Every entry is written below, so neither needs zeroing.
        var logits = pooled ? MemoryScope.Rent(rows, config.OutputVocab) : new Tensor(GC.AllocateUninitializedArray<float>(rows * config.OutputVocab), rows, config.OutputVocab);
        var activations = pooled ? MemoryScope.Rent(rows, config.DMlp) : new Tensor(GC.AllocateUninitializedArray<float>(rows * config.DMlp), rows, config.DMlp);
        for (int start = 0; start < rows; start += rowsPerPass)
        {
            int count = Math.Min(rowsPerPass, rows - start);
            using var pass = MemoryScope.Begin(); // this pass's intermediates go back to the pool for the next
            var ids = tokens.Ids.AsSpan(start * positions, count * positions).ToArray();
            var (passLogits, cache) = model.RunWithCache(new TokenBatch(ids, count, positions), name => name == hook, outputPositions: [positions - 1]); // [count, 1, p]
            CopyLastPosition(passLogits, logits, start);
            CopyLastPosition(cache[hook], activations, start); // [count, 1, d_mlp] (all 3 positions when the layer is not the last)
        }
        return (logits, activations);
    }

    // x [count, pos, width] at pos − 1 into rows start.. of into [rows, width].
    private static void CopyLastPosition(Tensor x, Tensor into, int start)
    {
        int count = x.Shape[0], positions = x.Shape[1], width = x.Shape[2];
        for (int i = 0; i < count; i++)
        {
            Array.Copy(x.Data, ((i * positions) + positions - 1) * width, into.Data, (start + i) * width, width);
        }
    }

    private static int CheckModel(HookedTransformer model, int p, int? layer)
    {
        var config = model.Config;
        if (config.DVocab < p + 1 || config.OutputVocab != p || config.NCtx < ModularAdditionGrid.Positions)
        {
            throw new ArgumentException($"The model does not fit modular arithmetic 'a b =' mod {p}: it needs d_vocab ≥ {p + 1} (numbers and '='), d_vocab_out = {p} and n_ctx ≥ 3; it has d_vocab {config.DVocab}, d_vocab_out {config.OutputVocab}, n_ctx {config.NCtx}.", nameof(model));
        }
        if (config.AttnOnly)
        {
            throw new ArgumentException("The model is attention-only; the neuron and W_out·W_U measures need an MLP.", nameof(model));
        }
        int chosen = layer ?? config.NLayers - 1;
        if (chosen < 0 || chosen >= config.NLayers)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), $"Layer {chosen} is outside 0 .. {config.NLayers - 1}.");
        }
        return chosen;
    }
}
