namespace AlgoLens.Analysis.Lottery;

/// <summary>Where magnitude pruning compares weights.</summary>
public enum PruningScope
{
    /// <summary>Each prunable parameter loses the same fraction of its entries, its own smallest (Frankle and Carbin 2019's layer-wise pruning).</summary>
    PerLayer,

    /// <summary>All prunable entries ranked together: the smallest anywhere go first, so layers end with different sparsities.</summary>
    Global,
}
