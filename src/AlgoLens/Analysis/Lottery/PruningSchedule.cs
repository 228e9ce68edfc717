namespace AlgoLens.Analysis.Lottery;

/// <summary>
/// Iterative pruning's rounds: each round removes the same fraction of the weights still there, so
/// that round k of R reaches sparsity 1 − (1 − target)^(k/R) and round R reaches the target.
/// </summary>
public static class PruningSchedule
{
    /// <summary>The sparsity after round <paramref name="round"/> (1..<paramref name="rounds"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A target outside (0, 1), rounds below 1, or a round outside 1..rounds.</exception>
    public static double SparsityAfter(double target, int rounds, int round)
    {
        LotteryOptions.CheckSparsity(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(round, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(round, rounds);
        return round == rounds ? target : 1 - Math.Pow(1 - target, (double)round / rounds);
    }

    /// <summary>The fraction of the surviving weights each round removes: 1 − (1 − target)^(1/R).</summary>
    public static double FractionPerRound(double target, int rounds) => SparsityAfter(target, rounds, 1);
}
