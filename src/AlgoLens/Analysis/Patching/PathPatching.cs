using AlgoLens.Analysis.Interp;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Patching;

/// <summary>
/// Path patching (Goldowsky-Dill et al. 2023; the two-step form of Wang et al.'s IOI work): the
/// sender head's clean output is let into the corrupt run only along the paths that reach the
/// chosen receivers directly (through no other attention head; MLPs on the way are recomputed).
/// </summary>
/// <remarks>
/// Step 1: the corrupt run with the sender's z taken from the clean run and every later head's z
/// frozen at its corrupt value; each receiver's input (its head's hook_q_input, hook_k_input or
/// hook_v_input, or the residual at the unembedding) is recorded, and its change from the corrupt
/// run is the sender's direct contribution Δ. Step 2: the corrupt run with each receiver's input
/// plus its Δ, everything else recomputed; the metric of that run is the path-patched metric.
/// Adding Δ (rather than overwriting the input with step 1's value) keeps what earlier receivers
/// pass on to later ones, so that with every downstream head and the logits as receivers the
/// result is activation patching of the sender on attention-only models, and with the logits
/// alone it is the sender's direct effect. The q/k/v receivers use TransformerLens's
/// use_split_qkv_input hooks, switched on for the call and restored after.
/// </remarks>
public static class PathPatching
{
    /// <summary>The metric of the corrupt run with each sender's clean output patched along the paths into <paramref name="receivers"/>.</summary>
    public static PatchingReport Run(HookedTransformer model, TokenBatch clean, TokenBatch corrupt, PatchingMetric metric, IReadOnlyList<(int Layer, int Head)> senders, IReadOnlyList<PathReceiver> receivers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentNullException.ThrowIfNull(receivers);
        TargetPatching.CheckPair(clean, corrupt);
        int layers = model.Config.NLayers, heads = model.Config.NHeads;
        foreach (var (layer, head) in senders)
        {
            if (layer < 0 || layer >= layers || head < 0 || head >= heads)
            {
                throw new ArgumentException($"Sender L{layer}H{head} is not a head of the model (layers 0..{layers - 1}, heads 0..{heads - 1}).");
            }
        }
        bool split = model.Flags.UseSplitQkvInput;
        model.SetUseSplitQkvInput(true);
        try
        {
            using var noGrad = Tensor.NoGrad();
            return Sweep(model, clean, corrupt, metric, senders, receivers);
        }
        finally
        {
            model.SetUseSplitQkvInput(split);
        }
    }

    private static PatchingReport Sweep(HookedTransformer model, TokenBatch clean, TokenBatch corrupt, PatchingMetric metric, IReadOnlyList<(int Layer, int Head)> senders, IReadOnlyList<PathReceiver> receivers)
    {
        int layers = model.Config.NLayers;
        var zNames = Enumerable.Range(0, layers).Select(l => $"blocks.{l}.attn.hook_z").ToArray();
        var receiverNames = receivers.Select(r => r.HookName(layers)).Distinct().ToArray();
        var (cleanLogits, cleanCache) = model.RunWithCache(clean, zNames.Contains);
        var (corruptLogits, corruptCache) = model.RunWithCache(corrupt, n => zNames.Contains(n) || receiverNames.Contains(n));
        var values = new List<double>();
        foreach (var (layer, head) in senders)
        {
            var deltas = ReceiverDeltas(model, corrupt, cleanCache, corruptCache, layer, head, receivers, receiverNames);
            var hooks = deltas.Select(d => (d.Key, (HookFunction)((act, _) => Ops.Add(act, d.Value)))).ToArray();
            values.Add(metric.Value(model.RunWithHooks(corrupt, hooks)));
        }
        var targets = senders.Select(s => PatchTarget.HeadOutput(s.Layer, s.Head)).ToList();
        return PatchingReport.Of("path", metric, metric.Value(cleanLogits), metric.Value(corruptLogits), targets, values);
    }

    // Step 1: the sender patched, later heads frozen; each receiver hook's change from the corrupt
    // run, kept only on the receiving heads' slices (the whole activation for the logits).
    private static Dictionary<string, Tensor> ReceiverDeltas(HookedTransformer model, TokenBatch corrupt, ActivationCache cleanCache, ActivationCache corruptCache,
        int senderLayer, int senderHead, IReadOnlyList<PathReceiver> receivers, string[] receiverNames)
    {
        var seen = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var hooks = new List<(string, HookFunction)>();
        for (int l = senderLayer; l < model.Config.NLayers; l++)
        {
            string z = $"blocks.{l}.attn.hook_z";
            var frozen = corruptCache[z];
            hooks.Add(l == senderLayer
                ? ActivationPatching.Hook(cleanCache, z, new HookSelection(Head: senderHead))
                : (z, (act, _) => frozen));
        }
        foreach (string name in receiverNames)
        {
            hooks.Add((name, (act, hook) => { seen[hook] = act.Clone(); return null; }));
        }
        model.RunWithHooks(corrupt, [.. hooks]);

        var deltas = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (string name in receiverNames)
        {
            var before = corruptCache[name];
            var after = seen[name];
            var kept = new bool[before.Size];
            foreach (var r in receivers.Where(r => r.HookName(model.Config.NLayers) == name))
            {
                var mask = r.IsLogits ? null : new HookSelection(Head: r.Head).Mask(name, before.Shape);
                for (int i = 0; i < kept.Length; i++)
                {
                    kept[i] |= mask is null || mask[i];
                }
            }
            var delta = new float[before.Size];
            for (int i = 0; i < delta.Length; i++)
            {
                delta[i] = kept[i] ? after.Data[i] - before.Data[i] : 0f;
            }
            deltas[name] = new Tensor(delta, before.Shape);
        }
        return deltas;
    }
}
