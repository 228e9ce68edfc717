using AlgoLens.Models.Components;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Models.Mlp;

/// <summary>
/// Hidden layer l of an mlp model: <c>layers.{l}.W</c> [d_in, d_out], <c>layers.{l}.b</c> [d_out];
/// hook points <c>layers.{l}.hook_pre</c> and <c>layers.{l}.hook_post</c> [batch, d_out].
/// </summary>
public sealed class HiddenLayer : Component
{
    private readonly FusedActivation activation;

    internal HiddenLayer(int layer, int inputWidth, int width, string activation, MlpInit init, ParameterStore parameters, HookPointList hooks)
        : base($"layers.{layer}.", parameters, hooks)
    {
        this.activation = ActivationNames.Parse(activation);
        Layer = layer;
        W = Parameter("W", [inputWidth, width], ParameterRole.Weight, init.Weight(inputWidth));
        b = Parameter("b", [width], ParameterRole.Bias, init.Bias(inputWidth), init.BiasTrains);
        HookPre = Hook("hook_pre", "[batch, d_hidden]");
        HookPost = Hook("hook_post", "[batch, d_hidden]");
    }

    /// <summary>The layer's index.</summary>
    public int Layer { get; }

#pragma warning disable CA1707, IDE1006 // Short state-dict names, as nn.Linear's weight and bias.
    /// <summary>[d_in, d_out].</summary>
    public Tensor W { get; }

    /// <summary>[d_out].</summary>
    public Tensor b { get; }
#pragma warning restore CA1707, IDE1006

    /// <summary><c>hook_pre</c>: pre-activations.</summary>
    public HookPoint HookPre { get; }

    /// <summary><c>hook_post</c>: activations.</summary>
    public HookPoint HookPost { get; }

    /// <summary>act(x·W + b): [batch, d_in] → [batch, d_out].</summary>
    public Tensor Forward(Tensor x, HookRunner hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        var pre = hooks.Apply(HookPre, Ops.Linear(x, W, b)); // [batch, d_hidden]
        return hooks.Apply(HookPost, Ops.Activation(pre, activation)); // [batch, d_hidden]
    }
}
