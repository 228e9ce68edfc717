using AlgoLens.Data;
using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// The input embedding, <c>embed.W_E</c>, and <c>hook_embed</c> [batch, pos, d_model]. For token
/// input W_E is [d_vocab, d_model] and each slot reads its token's row; for real-valued input
/// (d_input &gt; 0) W_E is [d_input, d_model] and each slot's values go through it as a linear map
/// (no bias: the positional embedding already adds a learned vector per position).
/// </summary>
public sealed class Embed : Component
{
    internal Embed(int rows, int width, bool readsValues, ParameterInit init, ParameterStore parameters, HookPointList hooks)
        : base("embed.", parameters, hooks)
    {
        ReadsValues = readsValues;
        W_E = Parameter("W_E", [rows, width], ParameterRole.Weight, init);
        HookEmbed = hooks.Add(HookNames.Embed, "[batch, pos, d_model]");
    }

    /// <summary>[d_vocab, d_model] for token input, [d_input, d_model] for real-valued input.</summary>
    public Tensor W_E { get; }

    /// <summary>True when the embedding is linear in real-valued input.</summary>
    public bool ReadsValues { get; }

    /// <summary><c>hook_embed</c>.</summary>
    public HookPoint HookEmbed { get; }

    /// <summary>W_E[token] for every slot: [batch, pos, d_model].</summary>
    public Tensor Forward(TokenBatch tokens, HookRunner hooks)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(hooks);
        return hooks.Apply(HookEmbed, Ops.Embedding(W_E, tokens.Ids, tokens.Batch, tokens.Positions));
    }

    /// <summary>The embedding of either kind of input (checked by the model): [batch, pos, d_model].</summary>
    public Tensor Forward(ModelInput input, HookRunner hooks)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ReadsValues)
        {
            return Forward(input.RequireTokens("A transformer with token embedding (d_input = 0)"), hooks);
        }
        var values = new Tensor(input.Values!, [input.Batch, input.Positions, input.Width]); // [batch, pos, d_input]
        return hooks.Apply(HookEmbed, Ops.MatMul(values, W_E));                          // [batch, pos, d_model]
    }
}
