using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Activation patching (causal tracing): run the corrupted input, put one activation of the clean
/// run in its place, and measure how much of the clean behaviour comes back. Each sweep runs one
/// forward pass per cell, without grad.
/// </summary>
public static class ActivationPatching
{
    private static readonly string[] ResidualComponents = ["resid_pre", "resid_mid", "resid_post", "attn_out", "mlp_out"];
    private static readonly string[] HeadComponents = ["z", "q", "k", "v", "pattern"];

    /// <summary>
    /// Patches <paramref name="component"/> (resid_pre, resid_mid, resid_post, attn_out or mlp_out)
    /// of every layer at every position, one at a time: a [layers, positions] grid.
    /// </summary>
    public static PatchingResult ResidualStream(HookedTransformer model, TokenBatch clean, TokenBatch corrupted, Func<Tensor, double> metric, string component = "resid_pre")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metric);
        if (!ResidualComponents.Contains(component))
        {
            throw new ArgumentException($"Cannot patch '{component}' by position; use one of {string.Join(", ", ResidualComponents)}.", nameof(component));
        }
        var names = Layers(model).Select(l => HookNames.Resolve(component, l)).ToArray();
        var (cache, cleanMetric, corruptedMetric) = Prepare(model, clean, corrupted, metric, names);
        int positions = clean.Positions;
        var values = new double[names.Length, positions];
        for (int l = 0; l < names.Length; l++)
        {
            for (int p = 0; p < positions; p++)
            {
                values[l, p] = metric(Patch(model, cache, corrupted, names[l], new HookSelection(Position: p)));
            }
        }
        return new PatchingResult(values, cleanMetric, corruptedMetric, LayerLabels(model), Enumerable.Range(0, positions).Select(p => $"pos {p}").ToList());
    }

    /// <summary>
    /// Patches each head's <paramref name="component"/> (z, the default, or q, k, v, pattern) at every
    /// position, or only at <paramref name="position"/>: a [layers, heads] grid.
    /// </summary>
    public static PatchingResult Heads(HookedTransformer model, TokenBatch clean, TokenBatch corrupted, Func<Tensor, double> metric, int? position = null, string component = "z")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metric);
        if (!HeadComponents.Contains(component))
        {
            throw new ArgumentException($"Cannot patch '{component}' by head; use one of {string.Join(", ", HeadComponents)}.", nameof(component));
        }
        var names = Layers(model).Select(l => HookNames.Resolve(component, l)).ToArray();
        var (cache, cleanMetric, corruptedMetric) = Prepare(model, clean, corrupted, metric, names);
        int heads = model.Config.NHeads;
        var values = new double[names.Length, heads];
        for (int l = 0; l < names.Length; l++)
        {
            for (int h = 0; h < heads; h++)
            {
                values[l, h] = metric(Patch(model, cache, corrupted, names[l], new HookSelection(Head: h, Position: position)));
            }
        }
        return new PatchingResult(values, cleanMetric, corruptedMetric, LayerLabels(model), Enumerable.Range(0, heads).Select(h => $"H{h}").ToList());
    }

    /// <summary>Each head's output (hook_z) patched at each position separately: one [layers, heads] grid per position.</summary>
    public static IReadOnlyList<PatchingResult> HeadsByPosition(HookedTransformer model, TokenBatch clean, TokenBatch corrupted, Func<Tensor, double> metric)
    {
        ArgumentNullException.ThrowIfNull(clean);
        return Enumerable.Range(0, clean.Positions).Select(p => Heads(model, clean, corrupted, metric, p)).ToList();
    }

    /// <summary>
    /// Logits of <paramref name="corrupted"/> with the selected part of one hook's activation taken
    /// from <paramref name="cleanCache"/> (a cache of a clean batch of the same [batch, pos]).
    /// </summary>
    public static Tensor Patch(HookedTransformer model, ActivationCache cleanCache, TokenBatch corrupted, string hookName, HookSelection? selection = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = Tensor.NoGrad();
        return model.RunWithHooks(corrupted, Hook(cleanCache, hookName, selection));
    }

    /// <summary>The patch as a (hook name, hook) pair, to combine with other hooks in <see cref="IModel.RunWithHooks(AlgoLens.Data.ModelInput, ValueTuple{string, HookFunction}[])"/>.</summary>
    public static (string HookName, HookFunction Hook) Hook(ActivationCache cleanCache, string hookName, HookSelection? selection = null)
    {
        ArgumentNullException.ThrowIfNull(cleanCache);
        string name = cleanCache.Resolve(hookName);
        var cleanActivation = cleanCache[name];
        var chosen = selection ?? HookSelection.All;
        return (name, (activation, hook) => ActivationEdit.Replace(activation, cleanActivation, chosen.Mask(hook, activation.Shape)));
    }

    private static (ActivationCache Cache, double Clean, double Corrupted) Prepare(HookedTransformer model, TokenBatch clean, TokenBatch corrupted, Func<Tensor, double> metric, string[] names)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(corrupted);
        if (clean.Batch != corrupted.Batch || clean.Positions != corrupted.Positions)
        {
            throw new ArgumentException($"The clean batch is [{clean.Batch}, {clean.Positions}] but the corrupted one is [{corrupted.Batch}, {corrupted.Positions}]; patching pairs them example for example, so they need the same shape.");
        }
        var known = model.HookPoints.Select(h => h.Name).ToList();
        var missing = names.FirstOrDefault(n => !known.Contains(n));
        if (missing is not null)
        {
            throw new ArgumentException($"This model has no hook '{missing}' (attn-only models have no resid_mid or mlp_out).");
        }
        using var noGrad = Tensor.NoGrad();
        var (cleanLogits, cache) = model.RunWithCache(clean, names.Contains);
        // RunWithHooks without hooks is the general path, the one every patched run takes, so that
        // patching nothing reproduces the corrupted metric exactly (Forward may take a faster path
        // that agrees only to rounding).
        return (cache, metric(cleanLogits), metric(model.RunWithHooks(corrupted)));
    }

    private static IEnumerable<int> Layers(HookedTransformer model) => Enumerable.Range(0, model.Config.NLayers);

    private static List<string> LayerLabels(HookedTransformer model) => Layers(model).Select(l => $"L{l}").ToList();
}
