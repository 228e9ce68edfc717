namespace AlgoLens.Analysis.Interp;

/// <summary>What an ablation puts in place of the selected activations.</summary>
public enum AblationKind
{
    /// <summary>Zeros.</summary>
    Zero,

    /// <summary>The mean over the batch (or over a reference batch), per position.</summary>
    Mean,

    /// <summary>The activation of another input: a given source batch, or a seeded permutation of the same batch.</summary>
    Resample,
}
