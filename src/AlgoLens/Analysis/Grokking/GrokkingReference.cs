namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// The reference numbers a grokking report shows beside the run's own (<see cref="GrokkingReport"/>),
/// each with where it comes from. They describe (a + b) mod 113 with the paper's setting (the
/// <c>grokking</c> preset): one layer, d_model 128, 4 heads, d_mlp 512, AdamW lr 1e-3, weight decay 1,
/// 30% of the pairs for training.
/// </summary>
public static class GrokkingReference
{
    /// <summary>
    /// Nanda, Chan, Lieberum, Smith and Steinhardt (2023), "Progress measures for grokking via
    /// mechanistic interpretability", ICLR 2023, arXiv:2301.05217: the main seed's numbers, with the
    /// step at which each phase ends (the paper's epochs: training is full batch, one step per epoch).
    /// </summary>
    public static class Paper
    {
        /// <summary>How the report cites it.</summary>
        public const string Citation = "Nanda et al. (2023), \"Progress measures for grokking via mechanistic interpretability\", ICLR 2023 (arXiv:2301.05217)";

        /// <summary>The key frequencies k (w_k = 2πk/113) of the main seed.</summary>
        public static IReadOnlyList<int> KeyFrequencies { get; } = [14, 35, 41, 42, 52];

        /// <summary>How many key frequencies the other seeds use, at least.</summary>
        public const int OtherSeedsFewestKeyFrequencies = 3;

        /// <summary>How many key frequencies the other seeds use, at most.</summary>
        public const int OtherSeedsMostKeyFrequencies = 5;

        /// <summary>MLP neurons with at least 85% of their variance in one frequency.</summary>
        public const int NeuronsExplained = 433;

        /// <summary>MLP neurons in all (d_mlp).</summary>
        public const int Neurons = 512;

        /// <summary>Share of the logits' variance explained by Σ_k α_k cos(w_k(a + b − c)).</summary>
        public const double LogitVarianceExplained = 0.95;

        /// <summary>End of memorisation.</summary>
        public const int MemorisationEndStep = 1_400;

        /// <summary>End of circuit formation, start of cleanup.</summary>
        public const int CleanupStartStep = 9_400;

        /// <summary>End of cleanup.</summary>
        public const int CleanupEndStep = 14_000;
    }

    /// <summary>
    /// A calibration run of the same setting where the paper gives no number: the paper's code
    /// setting (randn/√d_model initialisation, MLP biases trained, 10-step warm-up), seed 0, trained
    /// with PyTorch's CPU kernels (libtorch 2.10) on a 2-core AMD EPYC machine.
    /// </summary>
    public static class LibtorchRun
    {
        /// <summary>How the report names it.</summary>
        public const string Citation = "a libtorch run of the same setting (seed 0, 2 cores)";

        /// <summary>Share of the embedding's squared Fourier norm in the key frequencies at <see cref="EmbeddingShareStep"/>.</summary>
        public const double EmbeddingShare = 0.92;

        /// <summary>The step <see cref="EmbeddingShare"/> was read at.</summary>
        public const int EmbeddingShareStep = 16_000;

        /// <summary>The test loss's peak (end of memorisation).</summary>
        public const double TestLossPeak = 25.9;

        /// <summary>The step of <see cref="TestLossPeak"/>.</summary>
        public const int TestLossPeakStep = 1_500;

        /// <summary>First step with test accuracy ≥ 99%.</summary>
        public const int TestAccuracy99Step = 9_500;

        /// <summary>Wall-clock minutes to test accuracy ≥ 99%.</summary>
        public const double MinutesToTestAccuracy99 = 17;
    }
}
