using System.Globalization;

namespace AlgoLens.Analysis.Lottery;

/// <summary>What <see cref="LotteryStudy"/> trains: tickets at each sparsity, found in rounds from a rewind step.</summary>
public sealed record LotteryOptions
{
    /// <summary>Target sparsities, each in (0, 1): the fraction of the prunable weights removed.</summary>
    public IReadOnlyList<double> Sparsities { get; init; } = [0.5, 0.8, 0.9];

    /// <summary>
    /// The dense run's checkpoint the tickets start from (weight rewinding, Frankle et al. 2020);
    /// 0 is the original initialisation (Frankle and Carbin 2019). It must be a saved step.
    /// </summary>
    public int RewindStep { get; init; }

    /// <summary>Pruning rounds per sparsity (iterative magnitude pruning); 1 is one-shot.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Per layer (default) or global ranking.</summary>
    public PruningScope Scope { get; init; } = PruningScope.PerLayer;

    /// <summary>Seed of the random masks of the control.</summary>
    public ulong Seed { get; init; }

    /// <summary>The parameters to prune; null: <see cref="Prunable.Default"/>.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }

    /// <summary>Refuses a sparsity outside (0, 1) or rounds below 1, naming the fix.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (Sparsities.Count == 0)
        {
            throw new ArgumentException("Give at least one sparsity, e.g. --sparsity 0.5,0.8,0.9.");
        }
        foreach (double s in Sparsities)
        {
            CheckSparsity(s);
        }
        if (Sparsities.Distinct().Count() != Sparsities.Count)
        {
            throw new ArgumentException($"A sparsity is given twice ({string.Join(",", Sparsities.Select(Format))}); give each once.");
        }
        if (Rounds < 1)
        {
            throw new ArgumentException($"--rounds must be at least 1 (1 prunes in one shot); got {Rounds}.");
        }
        if (RewindStep < 0)
        {
            throw new ArgumentException($"--rewind-step must be a checkpoint step, 0 or more; got {RewindStep}.");
        }
    }

    /// <summary>Refuses a sparsity outside the open interval (0, 1).</summary>
    /// <exception cref="ArgumentException">The sparsity is not in (0, 1).</exception>
    public static void CheckSparsity(double sparsity)
    {
        if (!(sparsity > 0 && sparsity < 1))
        {
            throw new ArgumentException($"A sparsity is the fraction of weights removed and must be in (0, 1), e.g. 0.8; got {Format(sparsity)}.");
        }
    }

    /// <summary>A sparsity as written in folder names and messages (e.g. 0.8).</summary>
    public static string Format(double sparsity) => sparsity.ToString("0.####", CultureInfo.InvariantCulture);
}
