using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Models.Components;

/// <summary>
/// A transformer block's MLP: <c>W_in</c> [d_model, d_mlp], <c>b_in</c>, <c>W_out</c> [d_mlp, d_model],
/// <c>b_out</c>; hook points <c>hook_pre</c> and <c>hook_post</c> [batch, pos, d_mlp].
/// </summary>
public sealed class Mlp : Component
{
    private readonly FusedActivation activation;

    internal Mlp(int layer, HookedTransformerConfig config, TransformerInit init, ParameterStore parameters, HookPointList hooks)
        : base($"blocks.{layer}.mlp.", parameters, hooks)
    {
        Activation = config.ActFn!;
        activation = ActivationNames.Parse(Activation);
        bool biasTrains = init.BiasTrains(inMlp: true);
        W_in = Parameter("W_in", [config.DModel, config.DMlp], ParameterRole.Weight, init.Matrix);
        b_in = Parameter("b_in", [config.DMlp], ParameterRole.Bias, ParameterInit.Zeros, biasTrains);
        W_out = Parameter("W_out", [config.DMlp, config.DModel], ParameterRole.Weight, init.Matrix);
        b_out = Parameter("b_out", [config.DModel], ParameterRole.Bias, ParameterInit.Zeros, biasTrains);
        HookPre = Hook("hook_pre", "[batch, pos, d_mlp]");
        HookPost = Hook("hook_post", "[batch, pos, d_mlp]");
    }

#pragma warning disable CA1707 // TransformerLens's parameter names.
    /// <summary>[d_model, d_mlp].</summary>
    public Tensor W_in { get; }

    /// <summary>[d_mlp].</summary>
    public Tensor b_in { get; }

    /// <summary>[d_mlp, d_model].</summary>
    public Tensor W_out { get; }

    /// <summary>[d_model].</summary>
    public Tensor b_out { get; }
#pragma warning restore CA1707

    /// <summary><c>hook_pre</c>: pre-activations.</summary>
    public HookPoint HookPre { get; }

    /// <summary><c>hook_post</c>: activations.</summary>
    public HookPoint HookPost { get; }

    /// <summary>The activation function's name (relu, gelu, gelu_new, ...).</summary>
    public string Activation { get; }

    /// <summary>Whether <see cref="ForwardAddedTo"/> may stand for <see cref="Forward"/> plus the residual
    /// add: a plain call (<see cref="HookRunner.ObservesNothing"/>; the fused op never forms the
    /// pre-activations, the activations or the MLP's output alone, and differs from the unfused ops by rounding).</summary>
    internal static bool Fuses(HookRunner hooks) => hooks.ObservesNothing;

    /// <summary>
    /// residual + act(x·W_in + b_in)·W_out + b_out through the fused <see cref="Ops.Mlp"/> (biases,
    /// activation and its backward state, and the residual add in the products' epilogues). Only where
    /// <see cref="Fuses"/> holds.
    /// </summary>
    internal Tensor ForwardAddedTo(Tensor x, Tensor residual) =>
        Ops.Mlp(x, W_in, b_in, W_out, b_out, addend: residual, activation);

    /// <summary>act(x·W_in + b_in)·W_out + b_out: [..., d_model] → [..., d_model].</summary>
    public Tensor Forward(Tensor x, HookRunner hooks)
    {
        // Ops.Linear adds the bias in the product's epilogue: no separate pass over [rows, d_mlp].
        var pre = hooks.Apply(HookPre, Ops.Linear(x, W_in, b_in)); // [batch, pos, d_mlp]
        var post = hooks.Apply(HookPost, Ops.Activation(pre, activation));
        return Ops.Linear(post, W_out, b_out); // [batch, pos, d_model]
    }
}
