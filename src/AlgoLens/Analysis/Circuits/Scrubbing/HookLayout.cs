using AlgoLens.Models;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>How a hook's activation is laid out, as far as scrubbing per position needs to know.</summary>
internal enum HookLayoutKind
{
    /// <summary>[batch, pos, width].</summary>
    Flat,

    /// <summary>[batch, pos, head, d_head].</summary>
    Heads,

    /// <summary>Anything else (attention scores and patterns: [batch, head, q_pos, k_pos]).</summary>
    Unsupported,
}

/// <summary>The layout of a hook, read from its declared shape (e.g. "[batch, pos, head, d_head]").</summary>
internal readonly record struct HookLayout(HookLayoutKind Kind)
{
    public static HookLayout Of(HookPoint point)
    {
        var axes = point.Shape.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries);
        bool positional = axes.Length >= 3 && axes[0] == "batch" && axes[1] is "pos" or "q_pos" or "k_pos";
        return new HookLayout(!positional ? HookLayoutKind.Unsupported
            : axes.Length == 3 ? HookLayoutKind.Flat
            : axes.Length == 4 && axes[2] == "head" ? HookLayoutKind.Heads
            : HookLayoutKind.Unsupported);
    }

    /// <summary>The model's heads per layer (for range checks); 0 when it has none.</summary>
    public static int Heads(IModel model) => model.ModelConfig is HookedTransformerConfig config ? config.NHeads : 0;

    /// <summary>The activation shapes of the named hooks on the first row of <paramref name="examples"/>.</summary>
    public static Dictionary<string, int[]> Probe(IModel model, Data.ExampleBatch examples, IReadOnlyCollection<string> hooks)
    {
        using var noGrad = Tensors.Tensor.NoGrad();
        var (_, cache) = model.RunWithCache(examples.Input.SelectRows([0]), hooks.Contains);
        return hooks.ToDictionary(h => h, h => cache.Contains(h) ? (int[])cache[h].Shape.Clone() : throw new InvalidOperationException($"Hook '{h}' was not reached."), StringComparer.Ordinal);
    }
}
