using AlgoLens.Analysis.Fourier;
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
    public static (Tensor Logits, Tensor Activations) LastPosition(HookedTransformer model, int p, int layer)
    {
        ArgumentNullException.ThrowIfNull(model);
        // The forward's intermediates ([p²·3, d_mlp] and more) go back to the pool when the scope
        // ends; AtLastPosition copies out what is kept. Across checkpoints this avoids LOH churn.
        using var memory = MemoryScope.Begin();
        return LastPositionInScope(model, p, layer, pooled: false);
    }

    // The forward in the caller's memory scope; the results are pooled scratch or kept arrays.
    private static (Tensor Logits, Tensor Activations) LastPositionInScope(HookedTransformer model, int p, int layer, bool pooled)
    {
        string hook = $"blocks.{layer}.mlp.hook_post";
        using var noGrad = Tensor.NoGrad();
        var tokens = ModularAdditionGrid.Tokens(p);
        var (logits, cache) = model.RunWithCache(tokens, name => name == hook, outputPositions: [ModularAdditionGrid.Positions - 1]); // [p², 1, p]
        var post = cache[hook]; // [p², 1, d_mlp] (all 3 positions when the layer is not the last)
        return (AtLastPosition(logits, pooled), AtLastPosition(post, pooled));
    }

    // [batch, pos, width] -> [batch, width] at pos - 1.
    private static Tensor AtLastPosition(Tensor x, bool pooled)
    {
        int batch = x.Shape[0], positions = x.Shape[1], width = x.Shape[2];
        var last = pooled ? MemoryScope.Rent(batch, width) : Tensor.Zeros(batch, width);
        for (int i = 0; i < batch; i++)
        {
            Array.Copy(x.Data, ((i * positions) + positions - 1) * width, last.Data, i * width, width);
        }
        return last;
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
