using AlgoLens.Common;

namespace AlgoLens.Models;

public static partial class HookNames
{
    /// <summary>
    /// A hook name resolved against the hook points a model (or a cache) has: a full name, or any
    /// shorthand <see cref="Resolve"/> accepts, with a negative layer counted from the end
    /// (("resid_post", -1) is the last block's). A name that resolves to no hook point, or a shorthand
    /// that does not resolve, throws one <see cref="UnknownHookException"/> that lists the nearest names.
    /// </summary>
    /// <param name="available">The full hook names that exist, in forward order.</param>
    /// <param name="layers">The number of blocks, for negative layers.</param>
    /// <param name="name">A full name or shorthand.</param>
    /// <param name="layer">The layer of a shorthand.</param>
    /// <param name="layerType">The sub-layer of a "normalized"/"scale" shorthand ("ln1", "ln2").</param>
    public static string ResolveIn(IReadOnlyCollection<string> available, int layers, string name, int? layer = null, string? layerType = null)
    {
        ArgumentNullException.ThrowIfNull(available);
        if (string.IsNullOrEmpty(name))
        {
            throw new UnknownHookException("A hook name is empty; give a full name (blocks.0.attn.hook_pattern) or shorthand (\"pattern\", 0).", name ?? "", []);
        }
        if (layer < 0)
        {
            layer += layers;
        }
        string full;
        try
        {
            full = Resolve(name, layer, layerType);
        }
        catch (ArgumentException e)
        {
            throw Unknown(available, name, e.Message);
        }
        if (!available.Contains(full))
        {
            string asked = full == name ? $"'{name}'" : $"'{name}' (read as '{full}')";
            throw Unknown(available, full, $"No hook point {asked} in this model.{SwitchHint(full)}");
        }
        return full;
    }

    // TransformerLens's flag-only hooks exist only while their switch is on; say which switch.
    private static string SwitchHint(string fullName) => Leaf(fullName) switch
    {
        "result" => " It exists only with use_attn_result (model.SetUseAttnResult(true)).",
        "q_input" or "k_input" or "v_input" => " It exists only with use_split_qkv_input (model.SetUseSplitQkvInput(true)).",
        "attn_in" => " It exists only with use_attn_in (model.SetUseAttnIn(true)).",
        "mlp_in" => " It exists only with use_hook_mlp_in (model.SetUseHookMlpIn(true)), on blocks with an MLP.",
        "tokens" => " It exists only with use_hook_tokens (model.SetUseHookTokens(true)).",
        _ => "",
    };

    /// <summary>
    /// The up to <paramref name="count"/> available names nearest to <paramref name="name"/> by edit
    /// distance to the full name or to its leaf without "hook_" (so that shorthand such as "patern"
    /// finds blocks.0.attn.hook_pattern); ties in forward order.
    /// </summary>
    public static IReadOnlyList<string> Similar(IEnumerable<string> available, string name, int count = 5)
    {
        ArgumentNullException.ThrowIfNull(available);
        ArgumentNullException.ThrowIfNull(name);
        return available
            .Select((candidate, index) => (candidate, index, distance: Math.Min(EditDistance.Between(name, candidate), EditDistance.Between(name, Leaf(candidate)))))
            .OrderBy(c => c.distance).ThenBy(c => c.index)
            .Take(count)
            .Select(c => c.candidate)
            .ToList();
    }

    private static string Leaf(string fullName)
    {
        string leaf = fullName[(fullName.LastIndexOf('.') + 1)..];
        return leaf.StartsWith("hook_", StringComparison.Ordinal) ? leaf["hook_".Length..] : leaf;
    }

    private static UnknownHookException Unknown(IReadOnlyCollection<string> available, string name, string problem)
    {
        var similar = Similar(available, name);
        string hint = similar.Count == 0
            ? "The model has no hook points."
            : $"Similar names: {string.Join(", ", similar)} ({available.Count} hook points in all; model.HookPoints lists them).";
        return new UnknownHookException($"{problem} {hint} Shorthand is TransformerLens's: (\"pattern\", 0), \"pattern0\", (\"resid_post\", -1), \"embed\".", name, similar);
    }
}

/// <summary>A hook name that names no hook point of the model; the message lists the nearest names.</summary>
public sealed class UnknownHookException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    public UnknownHookException(string message, string hookName, IReadOnlyList<string> similar)
        : base(message)
    {
        HookName = hookName;
        Similar = similar;
    }

    /// <summary>The name as given (or as resolved, when it resolved to no hook point).</summary>
    public string HookName { get; }

    /// <summary>The nearest existing names, nearest first.</summary>
    public IReadOnlyList<string> Similar { get; } = [];

    /// <summary>Creates the error.</summary>
    public UnknownHookException()
    {
        HookName = "";
    }

    /// <summary>Creates the error.</summary>
    public UnknownHookException(string message)
        : base(message)
    {
        HookName = "";
    }

    /// <summary>Creates the error with its cause.</summary>
    public UnknownHookException(string message, Exception inner)
        : base(message, inner)
    {
        HookName = "";
    }
}
