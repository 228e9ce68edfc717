using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Lottery;

/// <summary>
/// Magnitude pruning (Frankle and Carbin 2019): from the trained weights, keep the largest |w|
/// among the entries the current mask still keeps, until the prunable parameters reach a sparsity.
/// Per layer, each parameter keeps size − round(sparsity · size) entries; globally, all prunable
/// entries are ranked together and total − round(sparsity · total) are kept. Ties in |w| go to the
/// earlier parameter and the lower index, so the mask is a function of the weights alone.
/// </summary>
public static class MagnitudePruning
{
    /// <summary>
    /// The mask that keeps the largest-magnitude surviving entries of <paramref name="prunable"/> in
    /// <paramref name="trained"/> at <paramref name="sparsity"/> (fraction removed, of the prunable
    /// entries). <paramref name="current"/> is the previous round's mask (null: everything kept).
    /// </summary>
    /// <exception cref="ArgumentException">No prunable parameter, one the model lacks, or a sparsity below the current mask's.</exception>
    public static ParameterMask Prune(IModel trained, IReadOnlyList<string> prunable, double sparsity, PruningScope scope, ParameterMask? current = null)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(prunable);
        LotteryOptions.CheckSparsity(sparsity);
        if (prunable.Count == 0)
        {
            throw new ArgumentException("No parameter to prune: the model has no trainable weight matrix. Name the parameters to prune.", nameof(prunable));
        }
        var weights = prunable.Select(name => trained.Parameters.Contains(name)
            ? trained.Parameters[name]
            : throw new ArgumentException($"The model has no parameter '{name}' to prune. Parameters: {string.Join(", ", trained.Parameters.Names)}.", nameof(prunable))).ToList();
        bool Kept(int p, int i) => current is null || !current.Names.Contains(prunable[p]) || current.IsKept(prunable[p], i);
        var kept = weights.Select(w => new bool[w.Size]).ToArray();
        if (scope == PruningScope.PerLayer)
        {
            for (int p = 0; p < weights.Count; p++)
            {
                int size = weights[p].Size;
                int keep = size - (int)Math.Round(sparsity * size, MidpointRounding.AwayFromZero);
                Keep(kept, weights, [.. Enumerable.Range(0, size).Where(i => Kept(p, i)).Select(i => (p, i))], keep, prunable[p]);
            }
        }
        else
        {
            long total = weights.Sum(w => (long)w.Size);
            int keep = checked((int)(total - (long)Math.Round(sparsity * total, MidpointRounding.AwayFromZero)));
            var candidates = new List<(int, int)>();
            for (int p = 0; p < weights.Count; p++)
            {
                candidates.AddRange(Enumerable.Range(0, weights[p].Size).Where(i => Kept(p, i)).Select(i => (p, i)));
            }
            Keep(kept, weights, candidates, keep, "the prunable parameters");
        }
        return new ParameterMask(prunable.Select((name, p) => (name, weights[p].Shape, kept[p])));
    }

    private static void Keep(bool[][] kept, IReadOnlyList<AlgoLens.Tensors.Tensor> weights, IReadOnlyList<(int P, int I)> candidates, int keep, string what)
    {
        if (keep > candidates.Count)
        {
            throw new ArgumentException($"The current mask keeps {candidates.Count} entries of {what}, fewer than the {keep} this sparsity keeps: a round cannot un-prune. Give a sparsity at least the current mask's.");
        }
        var ranked = candidates
            .OrderByDescending(c => Math.Abs(weights[c.P].Data[c.I]))
            .ThenBy(c => c.P)
            .ThenBy(c => c.I);
        foreach (var (p, i) in ranked.Take(keep))
        {
            kept[p][i] = true;
        }
    }
}
