using AlgoLens.Analysis.Fourier;
namespace AlgoLens.Analysis.Grokking;

/// <summary>Settings of <see cref="GrokkingProgress.Measure"/>; the defaults are the paper's.</summary>
public sealed record GrokkingProgressOptions
{
    /// <summary>Share of a neuron's variance its frequency must hold for the neuron to count as explained.</summary>
    public double NeuronThreshold { get; init; } = NeuronFrequencies.DefaultThreshold;

    /// <summary>Explained neurons a frequency needs to be a key frequency (see <see cref="NeuronFrequencies.KeyFrequencies"/>).</summary>
    public int MinNeuronsPerKeyFrequency { get; init; } = 1;

    /// <summary>The block whose MLP neurons and W_out are analysed; null for the last block.</summary>
    public int? Layer { get; init; }
}
