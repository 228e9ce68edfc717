namespace AlgoLens.Analysis.Dictionary;

/// <summary>How <see cref="SparseAutoencoder"/> initialises the decoder bias b_dec (subtracted before encoding, added back after decoding).</summary>
public enum DecoderBiasInit
{
    /// <summary>The geometric median of the rows (Weiszfeld's iteration on a sample), as in Bricken et al. 2023.</summary>
    GeometricMedian,

    /// <summary>The mean of the rows.</summary>
    Mean,
}

/// <summary>
/// The settings of <see cref="SparseAutoencoder"/>: the sparsity (an L1 penalty, or top-k), Adam's
/// schedule, the decoder-norm constraint, the decoder bias's start, and dead-feature resampling.
/// The number of features and the seed come from <see cref="DictionaryOptions"/>.
/// </summary>
/// <remarks>
/// Training runs on the activations scaled by one factor so that the centred rows' mean squared norm
/// is d (each dimension's variance averages 1); <see cref="L1Coefficient"/> and the learning rate
/// apply in those units, so one setting suits hooks of any scale. Results are in the original units.
/// </remarks>
public sealed record SparseAutoencoderOptions
{
    /// <summary>
    /// λ of the loss mean_rows(‖x − x̂‖² + λ‖f‖₁), on the scaled activations; used when
    /// <see cref="TopK"/> is null. The default 3 was chosen on 50,000 planted rows of width 512 with 16
    /// active directions each (bench <c>sae</c>: 13 active codes per row, 96% of the directions
    /// recovered); a toy model of 48 features in 24 dimensions does better with 1. Larger: sparser
    /// codes, larger reconstruction error.
    /// </summary>
    public double L1Coefficient { get; init; } = 3;

    /// <summary>Keep the k largest pre-activations of each row (then ReLU) instead of an L1 penalty (Gao et al. 2024); null: ReLU with the L1 penalty.</summary>
    public int? TopK { get; init; }

    /// <summary>Passes over the rows; <see cref="DictionaryOptions.MaxIterations"/> overrides it when set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Rows per Adam step.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam's learning rate (β = 0.9, 0.999, ε = 1e-8, no weight decay).</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Keep the decoder's columns (the atoms) at unit norm: the gradient's component along each is removed before the step and the column renormalised after it.</summary>
    public bool UnitNormDecoder { get; init; } = true;

    /// <summary>Where the decoder bias b_dec starts.</summary>
    public DecoderBiasInit DecoderBiasInit { get; init; } = DecoderBiasInit.GeometricMedian;

    /// <summary>A feature that fires on none of this many consecutive training rows is dead; null: one epoch (all the rows).</summary>
    public int? DeadWindow { get; init; }

    /// <summary>Resample the dead features at the end of each window (Bricken et al. 2023's recipe).</summary>
    public bool Resample { get; init; } = true;

    /// <summary>No resampling after this fraction of training, so that the resampled features settle before the end.</summary>
    public double ResampleUntil { get; init; } = 0.5;

    /// <summary>A resampled feature's encoder norm, as a fraction of the alive features' mean encoder norm (0.2 in the recipe).</summary>
    public double ResampleEncoderScale { get; init; } = 0.2;

    /// <summary>Rows whose reconstruction loss is measured to choose the resampling targets.</summary>
    public int ResampleSampleSize { get; init; } = 16384;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting and the fix.</summary>
    internal void Validate()
    {
        if (!(L1Coefficient >= 0) || double.IsInfinity(L1Coefficient))
        {
            throw new ArgumentException($"The L1 coefficient is {L1Coefficient}; give a finite value ≥ 0 (3 is the default).");
        }
        if (TopK is { } k && k <= 0)
        {
            throw new ArgumentException($"Top-k is {k}; give k ≥ 1 active features per row (and k ≤ the number of features), or no top-k for the L1 penalty.");
        }
        if (Epochs <= 0)
        {
            throw new ArgumentException($"Epochs is {Epochs}; give at least 1 pass over the rows.");
        }
        if (BatchSize <= 0)
        {
            throw new ArgumentException($"The batch size is {BatchSize}; give at least 1 row per step (256 is the default).");
        }
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentException($"The learning rate is {LearningRate}; give a finite value > 0 (3e-3 is the default).");
        }
        if (DeadWindow is { } w && w <= 0)
        {
            throw new ArgumentException($"The dead-feature window is {w} rows; give at least 1, or none for one epoch.");
        }
        if (!(ResampleUntil >= 0 && ResampleUntil <= 1))
        {
            throw new ArgumentException($"ResampleUntil is {ResampleUntil}; give a fraction of training in [0, 1].");
        }
        if (!(ResampleEncoderScale > 0) || double.IsInfinity(ResampleEncoderScale))
        {
            throw new ArgumentException($"The resampled encoder scale is {ResampleEncoderScale}; give a finite value > 0 (0.2 in the recipe).");
        }
        if (ResampleSampleSize <= 0)
        {
            throw new ArgumentException($"The resampling sample size is {ResampleSampleSize}; give at least 1 row.");
        }
    }
}
