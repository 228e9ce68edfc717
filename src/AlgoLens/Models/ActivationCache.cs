using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>
/// Activations recorded by <see cref="IModel.RunWithCache"/>, indexed by full hook name
/// (<c>blocks.0.attn.hook_pattern</c>) or by TransformerLens shorthand (<c>cache["pattern", 0]</c>).
/// </summary>
public sealed class ActivationCache
{
    private readonly Dictionary<string, Tensor> activations;

    internal ActivationCache(Dictionary<string, Tensor> activations, int layers)
    {
        this.activations = activations;
        Layers = layers;
    }

    /// <summary>Number of blocks of the model that made the cache.</summary>
    public int Layers { get; }

    /// <summary>Cached hook names, in forward order.</summary>
    public IReadOnlyList<string> Names => activations.Keys.ToList();

    /// <summary>An activation by full name or shorthand without a layer ("embed", "normalized" for ln_final).</summary>
    public Tensor this[string name] => Get(HookNames.Resolve(name));

    /// <summary>An activation by shorthand and layer: <c>cache["pattern", 0]</c>.</summary>
    public Tensor this[string name, int layer] => Get(HookNames.Resolve(name, layer));

    /// <summary>An activation by shorthand, layer and sub-layer: <c>cache["normalized", 0, "ln2"]</c>.</summary>
    public Tensor this[string name, int layer, string layerType] => Get(HookNames.Resolve(name, layer, layerType));

    /// <summary>True when the cache holds that hook.</summary>
    public bool Contains(string fullName) => activations.ContainsKey(fullName);

    /// <summary>
    /// The gradient of the last backward pass with respect to a cached activation (cache made with
    /// retainGrads), as a tensor of the activation's shape.
    /// </summary>
    public Tensor Gradient(string name, int? layer = null)
    {
        string full = HookNames.Resolve(name, layer);
        var activation = Get(full);
        return activation.GradTensor
            ?? throw new InvalidOperationException($"No gradient for '{full}': run RunWithCache(..., retainGrads: true), then Backward() on a function of the logits.");
    }

    private Tensor Get(string fullName) =>
        activations.TryGetValue(fullName, out var t)
            ? t
            : throw new KeyNotFoundException($"The cache has no '{fullName}'. It holds: {string.Join(", ", activations.Keys)}.");
}
