using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>
/// Activations recorded by <see cref="IModel.RunWithCache"/>, indexed by full hook name
/// (<c>blocks.0.attn.hook_pattern</c>) or by TransformerLens shorthand (<c>cache["pattern", 0]</c>,
/// <c>cache["pattern0"]</c>, <c>cache["resid_post", -1]</c>), resolved by <see cref="HookNames.ResolveIn"/>
/// as every other API resolves them.
/// </summary>
public sealed class ActivationCache
{
    private readonly Dictionary<string, Tensor> activations;
    private readonly IReadOnlyCollection<string> hookPoints;

    internal ActivationCache(Dictionary<string, Tensor> activations, int layers, IReadOnlyCollection<string> hookPoints)
    {
        this.activations = activations;
        this.hookPoints = hookPoints;
        Layers = layers;
    }

    /// <summary>Number of blocks of the model that made the cache.</summary>
    public int Layers { get; }

    /// <summary>Cached hook names, in forward order.</summary>
    public IReadOnlyList<string> Names => activations.Keys.ToList();

    /// <summary>An activation by full name or shorthand without a layer ("embed", "normalized" for ln_final, "pattern0").</summary>
    public Tensor this[string name] => Get(Resolve(name));

    /// <summary>An activation by shorthand and layer: <c>cache["pattern", 0]</c>; a negative layer counts from the end.</summary>
    public Tensor this[string name, int layer] => Get(Resolve(name, layer));

    /// <summary>An activation by shorthand, layer and sub-layer: <c>cache["normalized", 0, "ln2"]</c>.</summary>
    public Tensor this[string name, int layer, string layerType] => Get(Resolve(name, layer, layerType));

    /// <summary>True when the cache holds that hook (a full name).</summary>
    public bool Contains(string fullName) => activations.ContainsKey(fullName);

    /// <summary>
    /// The full hook name that <paramref name="name"/> (full or shorthand) stands for in the model
    /// that made the cache; an <see cref="UnknownHookException"/> when the model has no such hook.
    /// </summary>
    public string Resolve(string name, int? layer = null, string? layerType = null) =>
        HookNames.ResolveIn(hookPoints, Layers, name, layer, layerType);

    /// <summary>
    /// The gradient of the last backward pass with respect to a cached activation (cache made with
    /// retainGrads), as a tensor of the activation's shape.
    /// </summary>
    public Tensor Gradient(string name, int? layer = null)
    {
        string full = Resolve(name, layer);
        var activation = Get(full);
        return activation.GradTensor
            ?? throw new InvalidOperationException($"No gradient for '{full}': run RunWithCache(..., retainGrads: true), then Backward() on a function of the logits.");
    }

    // The model has the hook (Resolve checked); the cache may still not hold it (a names filter left it out).
    private Tensor Get(string fullName) =>
        activations.TryGetValue(fullName, out var t)
            ? t
            : throw new KeyNotFoundException($"The cache has no '{fullName}': the names filter of RunWithCache left it out. It holds: {string.Join(", ", activations.Keys)}.");
}
