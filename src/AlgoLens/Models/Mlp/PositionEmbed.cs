using AlgoLens.Data;
using AlgoLens.Models.Components;
using AlgoLens.Tensors;

namespace AlgoLens.Models.Mlp;

/// <summary>
/// Per-position token embeddings: <c>embed.W_E</c> [n_ctx, d_vocab, d_embed], where W_E[i] is the
/// embedding matrix of position i (one tensor rather than n_ctx tensors, so that the state dict
/// stays small and W_E[i] is a plain slice), and <c>hook_embed</c> [batch, pos, d_embed].
/// </summary>
public sealed class PositionEmbed : Component
{
    private readonly int vocabulary;

    internal PositionEmbed(MlpConfig config, ParameterInit init, ParameterStore parameters, HookPointList hooks)
        : base("embed.", parameters, hooks)
    {
        vocabulary = config.DVocab;
        W_E = Parameter("W_E", [config.NCtx, config.DVocab, config.DEmbed], ParameterRole.Weight, init);
        HookEmbed = hooks.Add(HookNames.Embed, "[batch, pos, d_embed]");
    }

#pragma warning disable CA1707 // TransformerLens's parameter names.
    /// <summary>[n_ctx, d_vocab, d_embed].</summary>
    public Tensor W_E { get; }
#pragma warning restore CA1707

    /// <summary><c>hook_embed</c>.</summary>
    public HookPoint HookEmbed { get; }

    /// <summary>W_E[pos, token] for every slot: [batch, pos, d_embed].</summary>
    public Tensor Forward(TokenBatch tokens, HookRunner hooks)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(hooks);
        int embedWidth = W_E.Shape[2];
        // Row pos·d_vocab + token of the flattened table is W_E[pos, token].
        var rows = MemoryScope.RentInts(tokens.Ids.Length); // Embedding copies it, so scratch will do
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = i % tokens.Positions * vocabulary + tokens.Ids[i];
        }
        var table = Ops.Reshape(W_E, -1, embedWidth); // [n_ctx*d_vocab, d_embed]
        return hooks.Apply(HookEmbed, Ops.Embedding(table, rows, tokens.Batch, tokens.Positions)); // [batch, pos, d_embed]
    }
}
