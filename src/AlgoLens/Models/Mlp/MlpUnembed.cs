using AlgoLens.Models.Components;
using AlgoLens.Tensors;

namespace AlgoLens.Models.Mlp;

/// <summary>
/// The mlp model's unembedding: <c>unembed.W_U</c> [d_last, d_vocab_out] and <c>unembed.b_U</c>
/// [d_vocab_out], initialised as an nn.Linear under the "torch" scheme (unlike the transformer's).
/// </summary>
public sealed class MlpUnembed : Component
{
    internal MlpUnembed(int width, int outputs, MlpInit init, ParameterStore parameters, HookPointList hooks)
        : base("unembed.", parameters, hooks)
    {
        W_U = Parameter("W_U", [width, outputs], ParameterRole.Weight, init.Weight(width));
        b_U = Parameter("b_U", [outputs], ParameterRole.Bias, init.Bias(width), init.BiasTrains);
    }

#pragma warning disable CA1707 // TransformerLens's parameter names.
    /// <summary>[d_last, d_vocab_out].</summary>
    public Tensor W_U { get; }

    /// <summary>[d_vocab_out].</summary>
    public Tensor b_U { get; }
#pragma warning restore CA1707

    /// <summary>x·W_U + b_U: [batch, d_last] → [batch, d_vocab_out].</summary>
    public Tensor Forward(Tensor x) => Ops.Linear(x, W_U, b_U);
}
