using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Patching;

/// <summary>
/// Attribution patching (Nanda 2023): the first-order Taylor approximation of activation patching.
/// The metric with a target patched is estimated as
/// metric(corrupt) + Σ over the target's entries of (clean_act − corrupt_act) · ∂metric/∂act, the
/// gradient taken at the corrupt run. One clean forward pass, one corrupt forward and backward
/// pass serve every target. Exact where the metric is linear in the patched activation (e.g. the
/// last layer's head outputs of a model without final normalisation, under logit difference);
/// elsewhere as good as the linear approximation over the clean − corrupt step.
/// </summary>
public static class AttributionPatching
{
    /// <summary>
    /// The estimated metric with each target patched from the clean run. Leaves the model's
    /// parameter gradients at zero.
    /// </summary>
    public static PatchingReport Estimate(HookedTransformer model, TokenBatch clean, TokenBatch corrupt, PatchingMetric metric, IReadOnlyList<PatchTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(targets);
        TargetPatching.CheckPair(clean, corrupt);
        targets = TargetPatching.Resolve(model, targets);
        var names = targets.Select(t => t.HookName).ToHashSet(StringComparer.Ordinal);
        ActivationCache cleanCache;
        double cleanMetric;
        using (Tensor.NoGrad())
        {
            var (cleanLogits, cache) = model.RunWithCache(clean, names.Contains);
            cleanCache = cache;
            cleanMetric = metric.Value(cleanLogits);
        }
        var (corruptLogits, corruptCache) = model.RunWithCache(corrupt, names.Contains, retainGrads: true);
        double corruptMetric = metric.Value(corruptLogits);
        try
        {
            corruptLogits.Backward(metric.Gradient(corruptLogits));
            var values = targets.Select(t => corruptMetric + FirstOrderChange(cleanCache[t.HookName], corruptCache[t.HookName], corruptCache.Gradient(t.HookName), t)).ToList();
            return PatchingReport.Of("attribution", metric, cleanMetric, corruptMetric, targets, values);
        }
        finally
        {
            foreach (var parameter in model.TrainableParameters)
            {
                parameter.ZeroGrad();
            }
        }
    }

    // Σ over the selected entries of (clean − corrupt) · gradient, in double.
    private static double FirstOrderChange(Tensor clean, Tensor corrupt, Tensor gradient, PatchTarget target)
    {
        var mask = target.Selection.Mask(target.HookName, corrupt.Shape);
        double sum = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                sum += ((double)clean.Data[i] - corrupt.Data[i]) * gradient.Data[i];
            }
        }
        return sum;
    }
}
