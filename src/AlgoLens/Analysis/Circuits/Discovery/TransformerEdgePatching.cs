using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>
/// Edge patching on a <see cref="HookedTransformer"/> through TransformerLens's flag hooks, as ACDC
/// does it: the writers are read at <c>hook_embed</c>, <c>hook_pos_embed</c>,
/// <c>blocks.L.attn.hook_result</c> (one head's slice) and <c>blocks.L.hook_mlp_out</c>; the readers
/// are edited at <c>blocks.L.hook_q_input|hook_k_input|hook_v_input</c> (one head's slice, before
/// ln1), <c>blocks.L.hook_mlp_in</c> (before ln2) and the last block's <c>hook_resid_post</c> (the
/// residual at the unembedding). The flags (<c>use_attn_result</c>, <c>use_split_qkv_input</c>,
/// <c>use_hook_mlp_in</c>) are switched on for each call and back as they were after it.
/// </summary>
public sealed class TransformerEdgePatching : IEdgePatchModel
{
    private readonly HookedTransformer model;
    private readonly int heads;
    private readonly int width;

    /// <summary>Patching on <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">The model has no attention heads, or reads real-valued input.</exception>
    public TransformerEdgePatching(HookedTransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var config = model.Config;
        if (config.NLayers < 1 || config.NHeads < 1)
        {
            throw new ArgumentException("Circuit discovery needs a transformer with attention heads; this model has none.");
        }
        if (config.ReadsValues)
        {
            throw new ArgumentException("Circuit discovery patches token inputs; this transformer reads real-valued input (d_input > 0).");
        }
        this.model = model;
        heads = config.NHeads;
        width = config.DModel;
        Graph = new CircuitGraph(config.NLayers, config.NHeads, !config.AttnOnly);
    }

    /// <summary>
    /// Patching on <paramref name="model"/>, which must be a transformer with attention.
    /// </summary>
    /// <exception cref="ArgumentException">Another model kind, or a transformer without attention heads.</exception>
    public static TransformerEdgePatching For(IModel model) => model is HookedTransformer transformer
        ? new TransformerEdgePatching(transformer)
        : throw new ArgumentException($"Circuit discovery needs a transformer with attention heads; this is a '{model?.Kind}' model, which has no attention.");

    /// <inheritdoc/>
    public CircuitGraph Graph { get; }

    /// <summary>The hook at which <paramref name="node"/>'s activation is read or edited.</summary>
    public string HookName(CircuitNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Kind switch
        {
            CircuitNodeKind.Embed => HookNames.Embed,
            CircuitNodeKind.PosEmbed => HookNames.PosEmbed,
            CircuitNodeKind.Head => $"blocks.{node.Layer}.attn.hook_result",
            CircuitNodeKind.Mlp => $"blocks.{node.Layer}.hook_mlp_out",
            CircuitNodeKind.Query => $"blocks.{node.Layer}.hook_q_input",
            CircuitNodeKind.Key => $"blocks.{node.Layer}.hook_k_input",
            CircuitNodeKind.Value => $"blocks.{node.Layer}.hook_v_input",
            CircuitNodeKind.MlpIn => $"blocks.{node.Layer}.hook_mlp_in",
            _ => $"blocks.{Graph.Layers - 1}.hook_resid_post",
        };
    }

    /// <inheritdoc/>
    public SenderActivations Senders(ModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var names = Graph.Senders.Select(HookName).ToHashSet();
        using (Tensor.NoGrad())
        using (SwitchHooksOn())
        {
            var (_, cache) = model.RunWithCache(input, names.Contains);
            return new SenderActivations(Graph.Senders.ToDictionary(s => s, s => Slice(cache[HookName(s)], s)), input.Batch, input.Positions, width);
        }
    }

    /// <inheritdoc/>
    public float[] Run(ModelInput input, IReadOnlySet<CircuitEdge> patched, SenderActivations replacement)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(patched);
        ArgumentNullException.ThrowIfNull(replacement);
        // This pass's writer outputs, recorded as the pass reaches them (writers come before their readers).
        var current = new Dictionary<CircuitNode, float[]>();
        var hooks = new List<(string, HookFunction)>();
        var senders = patched.Select(e => e.From).Distinct().ToList();
        foreach (var group in senders.GroupBy(HookName))
        {
            var nodes = group.ToList();
            hooks.Add((group.Key, (activation, _) =>
            {
                foreach (var node in nodes)
                {
                    current[node] = Slice(activation, node);
                }
                return null;
            }));
        }
        foreach (var group in patched.GroupBy(e => HookName(e.To)))
        {
            var edges = group.ToList();
            hooks.Add((group.Key, (activation, _) =>
            {
                var data = activation.ToArray();
                foreach (var edge in edges)
                {
                    AddDifference(data, activation.Shape, edge.To, replacement[edge.From], current[edge.From]);
                }
                return new Tensor(data, activation.Shape);
            }));
        }
        using (Tensor.NoGrad())
        using (SwitchHooksOn())
        {
            return model.RunWithHooks(input, [.. hooks]).ToArray();
        }
    }

    /// <inheritdoc/>
    public (SenderActivations Senders, IReadOnlyDictionary<CircuitNode, float[]> ReceiverGradients) Gradients(ModelInput input, Func<float[], float[]> outputGradient)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputGradient);
        var names = Graph.Senders.Concat(Graph.Receivers).Select(HookName).ToHashSet();
        using (SwitchHooksOn())
        {
            var (outputs, cache) = model.RunWithCache(input, names.Contains, retainGrads: true);
            try
            {
                outputs.Backward(new Tensor(outputGradient(outputs.ToArray()), outputs.Shape));
                var senders = Graph.Senders.ToDictionary(s => s, s => Slice(cache[HookName(s)], s));
                var gradients = Graph.Receivers.ToDictionary(r => r, r => Slice(cache.Gradient(HookName(r)), r));
                return (new SenderActivations(senders, input.Batch, input.Positions, width), gradients);
            }
            finally
            {
                foreach (var parameter in model.Parameters.Tensors)
                {
                    parameter.ZeroGrad();
                }
            }
        }
    }

    // A node's own part of a hook's activation: one head's [batch, pos, d_model] out of
    // [batch, pos, head, d_model], or the whole [batch, pos, d_model].
    private float[] Slice(Tensor activation, CircuitNode node)
    {
        if (activation.Rank == 3)
        {
            return activation.ToArray();
        }
        var data = activation.Data;
        int rows = data.Length / (heads * width);
        var slice = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            Array.Copy(data, (r * heads + node.Head) * width, slice, r * width, width);
        }
        return slice;
    }

    // data (a reader's hook activation) += replacement − current, in the reader's own slice.
    private void AddDifference(float[] data, int[] shape, CircuitNode receiver, float[] replacement, float[] current)
    {
        bool perHead = shape.Length == 4;
        int rows = replacement.Length / width;
        for (int r = 0; r < rows; r++)
        {
            int at = perHead ? (r * heads + receiver.Head) * width : r * width;
            for (int i = 0; i < width; i++)
            {
                data[at + i] += replacement[r * width + i] - current[r * width + i];
            }
        }
    }

    private HookSwitch SwitchHooksOn() => new(model);

    // Switches the flag hooks on for one call and restores them after it.
    private sealed class HookSwitch : IDisposable
    {
        private readonly HookedTransformer model;
        private readonly bool attnResult;
        private readonly bool splitQkv;
        private readonly bool mlpIn;

        public HookSwitch(HookedTransformer model)
        {
            this.model = model;
            var flags = model.Flags;
            (attnResult, splitQkv, mlpIn) = (flags.UseAttnResult, flags.UseSplitQkvInput, flags.UseHookMlpIn);
            model.SetUseAttnResult(true);
            model.SetUseSplitQkvInput(true);
            if (!model.Config.AttnOnly)
            {
                model.SetUseHookMlpIn(true);
            }
        }

        public void Dispose()
        {
            model.SetUseAttnResult(attnResult);
            model.SetUseSplitQkvInput(splitQkv);
            if (!model.Config.AttnOnly)
            {
                model.SetUseHookMlpIn(mlpIn);
            }
        }
    }
}
