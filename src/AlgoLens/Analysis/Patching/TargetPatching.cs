using AlgoLens.Analysis.Interp;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Patching;

/// <summary>
/// Activation patching over a list of <see cref="PatchTarget"/>s: for each, the corrupt run with that
/// part of the clean run's activation put in its place (one forward pass per target, without grad).
/// The grid sweeps of <see cref="ActivationPatching"/> are the same method over fixed layouts.
/// </summary>
public static class TargetPatching
{
    /// <summary>The metric of the corrupt run with each target patched from the clean run.</summary>
    public static PatchingReport Activation(HookedTransformer model, TokenBatch clean, TokenBatch corrupt, PatchingMetric metric, IReadOnlyList<PatchTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(targets);
        CheckPair(clean, corrupt);
        targets = Resolve(model, targets);
        using var noGrad = Tensor.NoGrad();
        var names = targets.Select(t => t.HookName).ToHashSet(StringComparer.Ordinal);
        var (cleanLogits, cache) = model.RunWithCache(clean, names.Contains);
        // RunWithHooks without hooks is the path every patched run takes: patching nothing gives
        // the corrupt metric exactly.
        double corruptMetric = metric.Value(model.RunWithHooks(corrupt));
        var values = targets.Select(t => metric.Value(model.RunWithHooks(corrupt, ActivationPatching.Hook(cache, t.HookName, t.Selection)))).ToList();
        return PatchingReport.Of("activation", metric, metric.Value(cleanLogits), corruptMetric, targets, values);
    }

    /// <summary>Clean and corrupt batches pair example for example: the same [batch, pos].</summary>
    internal static void CheckPair(TokenBatch clean, TokenBatch corrupt)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(corrupt);
        if (clean.Batch != corrupt.Batch || clean.Positions != corrupt.Positions)
        {
            throw new ArgumentException($"The clean batch is [{clean.Batch}, {clean.Positions}] but the corrupt one is [{corrupt.Batch}, {corrupt.Positions}]; patching pairs them example for example, so they need the same number of sequences and of tokens.");
        }
    }

    /// <summary>
    /// Every target with its hook as the full name (shorthand resolved as every API resolves it,
    /// <see cref="ModelBase.ResolveHookName"/>); a hook the model lacks is refused, naming the target.
    /// </summary>
    internal static IReadOnlyList<PatchTarget> Resolve(HookedTransformer model, IEnumerable<PatchTarget> targets) =>
        targets.Select(target =>
        {
            try
            {
                return target with { HookName = model.ResolveHookName(target.HookName) };
            }
            catch (UnknownHookException e)
            {
                throw new UnknownHookException($"{e.Message} Wanted for {target.Component}; attention-only models have no MLP hooks.", e.HookName, e.Similar);
            }
        }).ToList();
}
