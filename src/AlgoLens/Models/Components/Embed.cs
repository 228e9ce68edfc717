using AlgoLens.Data;
using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>Token embedding: <c>embed.W_E</c> [d_vocab, d_model] and <c>hook_embed</c>.</summary>
public sealed class Embed : Component
{
    internal Embed(int vocabulary, int width, ParameterInit init, ParameterStore parameters, HookPointList hooks)
        : base("embed.", parameters, hooks)
    {
        W_E = Parameter("W_E", [vocabulary, width], ParameterRole.Weight, init);
        HookEmbed = hooks.Add(HookNames.Embed, "[batch, pos, d_model]");
    }

    /// <summary>[d_vocab, d_model].</summary>
    public Tensor W_E { get; }

    /// <summary><c>hook_embed</c>.</summary>
    public HookPoint HookEmbed { get; }

    /// <summary>W_E[token] for every slot: [batch, pos, d_model].</summary>
    public Tensor Forward(TokenBatch tokens, HookRunner hooks) =>
        hooks.Apply(HookEmbed, Ops.Embedding(W_E, tokens.Ids, tokens.Batch, tokens.Positions));
}
