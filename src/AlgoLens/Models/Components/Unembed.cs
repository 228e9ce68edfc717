using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>The unembedding: <c>unembed.W_U</c> [d_model, d_vocab_out] and <c>unembed.b_U</c> [d_vocab_out].</summary>
public sealed class Unembed : Component
{
    internal Unembed(int width, int outputs, ParameterInit init, bool biasTrains, ParameterStore parameters, HookPointList hooks)
        : base("unembed.", parameters, hooks)
    {
        W_U = Parameter("W_U", [width, outputs], ParameterRole.Weight, init);
        b_U = Parameter("b_U", [outputs], ParameterRole.Bias, ParameterInit.Zeros, biasTrains);
    }

#pragma warning disable CA1707 // TransformerLens's parameter names.
    /// <summary>[d_model, d_vocab_out].</summary>
    public Tensor W_U { get; }

    /// <summary>[d_vocab_out].</summary>
    public Tensor b_U { get; }
#pragma warning restore CA1707

    /// <summary>x·W_U + b_U: [..., d_model] → [..., d_vocab_out].</summary>
    public Tensor Forward(Tensor x) => Ops.Linear(x, W_U, b_U);
}
