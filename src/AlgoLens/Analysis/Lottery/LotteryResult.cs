namespace AlgoLens.Analysis.Lottery;

/// <summary>
/// RUN_DIR/analysis/lottery.json, as <c>algolens prune</c> writes and prints it: the dense run, and
/// per sparsity the ticket and its random-mask control. Accuracies are the final test accuracy;
/// a grokking step is the first logged step with test accuracy ≥ 99% (the rule of the grokking
/// phases), null when never reached or when the grokking analysis does not apply to the task.
/// </summary>
public sealed record LotteryResult
{
    /// <summary>File name under RUN_DIR/analysis.</summary>
    public const string FileName = "lottery.json";

    /// <summary>The dense run's step the tickets were rewound to.</summary>
    public int RewindStep { get; init; }

    /// <summary>Pruning rounds per sparsity.</summary>
    public int Rounds { get; init; }

    /// <summary>"per-layer" or "global".</summary>
    public string Scope { get; init; } = "";

    /// <summary>The pruned parameters.</summary>
    public IReadOnlyList<string> Prunable { get; init; } = [];

    /// <summary>Whether grokking steps and key frequencies apply (modular addition or subtraction on a transformer).</summary>
    public bool GrokkingApplies { get; init; }

    /// <summary>The dense run.</summary>
    public LotteryRun Dense { get; init; } = new();

    /// <summary>One entry per sparsity, ascending.</summary>
    public IReadOnlyList<LotteryTicket> Tickets { get; init; } = [];
}

/// <summary>One trained run of the study: its folder (relative to RUN_DIR) and what it reached.</summary>
public sealed record LotteryRun
{
    /// <summary>The folder, relative to RUN_DIR ("." for the dense run).</summary>
    public string Run { get; init; } = ".";

    /// <summary>Sparsity of the prunable parameters (0 for the dense run).</summary>
    public double Sparsity { get; init; }

    /// <summary>Final test accuracy (NaN when the task has no accuracy).</summary>
    public double TestAccuracy { get; init; }

    /// <summary>Final test loss.</summary>
    public double TestLoss { get; init; }

    /// <summary>First logged step with test accuracy ≥ 0.99, or null.</summary>
    public int? GrokkingStep { get; init; }

    /// <summary>The final checkpoint's key frequencies (explained MLP neurons' frequencies), when grokking applies.</summary>
    public IReadOnlyList<int>? KeyFrequencies { get; init; }

    /// <summary>
    /// The share of the final W_E's squared norm (number rows, Fourier basis over the tokens) in the
    /// dense run's key frequencies, when grokking applies: near 1 when the run's embedding uses the
    /// dense run's frequencies, about 2k/p for an embedding spread evenly.
    /// </summary>
    public double? EmbeddingShareInDenseKeys { get; init; }

    /// <summary>Per pruned parameter, the fraction of its entries kept (absent for the dense run).</summary>
    public IReadOnlyDictionary<string, double>? Survivors { get; init; }
}

/// <summary>The ticket at one sparsity, the rounds that found it, and its random-mask control.</summary>
public sealed record LotteryTicket
{
    /// <summary>The target sparsity.</summary>
    public double Sparsity { get; init; }

    /// <summary>The ticket (the last round).</summary>
    public LotteryRun Ticket { get; init; } = new();

    /// <summary>Every round, the last being <see cref="Ticket"/>.</summary>
    public IReadOnlyList<LotteryRun> Rounds { get; init; } = [];

    /// <summary>The control: the ticket's per-parameter kept counts at random positions, from the same rewound weights.</summary>
    public LotteryRun Random { get; init; } = new();
}
