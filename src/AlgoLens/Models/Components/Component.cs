namespace AlgoLens.Models.Components;

/// <summary>
/// A part of a model in TransformerLens's manner (embed, attention, MLP, layer norm, block, ...):
/// it declares its parameters and its hook points under its own name prefix while the model is
/// built, so that each name is defined once, by the code that computes it.
/// </summary>
public abstract class Component
{
    /// <summary>Binds the component to its prefix (e.g. <c>blocks.0.attn.</c>) and the model's registries.</summary>
    protected Component(string prefix, ParameterStore parameters, HookPointList hooks)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(hooks);
        Prefix = prefix;
        ParameterStore = parameters;
        HookList = hooks;
    }

    /// <summary>The name prefix, e.g. <c>blocks.0.attn.</c> ("" at the top).</summary>
    public string Prefix { get; }

    private ParameterStore ParameterStore { get; }

    private HookPointList HookList { get; }

    /// <summary>Declares a parameter named prefix + <paramref name="leaf"/>.</summary>
    protected Tensors.Tensor Parameter(string leaf, int[] shape, ParameterRole role, ParameterInit init, bool trainable = true) =>
        ParameterStore.Add(new ParameterSpec(Prefix + leaf, shape, role, init, trainable));

    /// <summary>Declares a hook point named prefix + <paramref name="leaf"/>.</summary>
    protected HookPoint Hook(string leaf, string shape) => HookList.Add(Prefix + leaf, shape);
}
