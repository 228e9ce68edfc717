using AlgoLens.Analysis.Fourier;
namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// The progress measures of Nanda et al. 2023 for one checkpoint of a modular-addition (or subtraction) model
/// (train and test loss and accuracy are measured by training, not here).
/// </summary>
/// <param name="KeyFrequencies">Key frequencies found at this checkpoint: the distinct frequencies of the explained neurons (see <see cref="NeuronFrequencies.KeyFrequencies"/>).</param>
/// <param name="FrequenciesUsed">The frequencies the restricted and excluded losses, the embedding share and the logit fit use: those passed in (e.g. the final run's), else <paramref name="KeyFrequencies"/>.</param>
/// <param name="RestrictedLoss">Loss on all p² inputs of the logits restricted to the constant and the cos/sin(w_k(a+b)) components of the frequencies used (a−b for subtraction).</param>
/// <param name="ExcludedLoss">Loss on the training inputs of the logits with those components removed.</param>
/// <param name="GiniEmbedding">Gini coefficient of the per-frequency norms of F·W_E[0:p] (constant left out).</param>
/// <param name="GiniNeuronLogitMap">Gini coefficient of the per-frequency norms of W_L = W_out·W_U along the outputs (constant left out).</param>
/// <param name="SumOfSquaredWeights">Σ over all parameters of Σ w².</param>
/// <param name="EmbeddingShare">Share of ‖W_E[0:p]‖² in the frequencies used.</param>
/// <param name="NeuronsExplained">Neurons with at least the threshold share of their variance in one frequency.</param>
/// <param name="Neurons">Number of MLP neurons (d_mlp).</param>
/// <param name="LogitVarianceExplained">Share of the row-centred logits' variance explained by Σ_k α_k cos(w_k(a+b−c)) (a−b−c for subtraction) over the frequencies used.</param>
public sealed record GrokkingMeasures(
    IReadOnlyList<int> KeyFrequencies,
    IReadOnlyList<int> FrequenciesUsed,
    double RestrictedLoss,
    double ExcludedLoss,
    double GiniEmbedding,
    double GiniNeuronLogitMap,
    double SumOfSquaredWeights,
    double EmbeddingShare,
    int NeuronsExplained,
    int Neurons,
    double LogitVarianceExplained)
{
    /// <summary>Number of key frequencies found at this checkpoint.</summary>
    public int KeyFrequencyCount => KeyFrequencies.Count;

    /// <summary><see cref="NeuronsExplained"/> / <see cref="Neurons"/>.</summary>
    public double FractionOfNeuronsExplained => Neurons == 0 ? 0 : (double)NeuronsExplained / Neurons;
}
