using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>Learned positional embedding: <c>pos_embed.W_pos</c> [n_ctx, d_model] and <c>hook_pos_embed</c>.</summary>
public sealed class PosEmbed : Component
{
    internal PosEmbed(int contextLength, int width, ParameterInit init, ParameterStore parameters, HookPointList hooks)
        : base("pos_embed.", parameters, hooks)
    {
        W_pos = Parameter("W_pos", [contextLength, width], ParameterRole.Weight, init);
        HookPosEmbed = hooks.Add(HookNames.PosEmbed, "[batch, pos, d_model]");
    }

    /// <summary>[n_ctx, d_model].</summary>
    public Tensor W_pos { get; }

    /// <summary><c>hook_pos_embed</c>.</summary>
    public HookPoint HookPosEmbed { get; }

    /// <summary>W_pos[position] for every slot: [batch, pos, d_model].</summary>
    public Tensor Forward(int batch, int positions, HookRunner hooks)
    {
        var ids = new int[batch * positions];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = i % positions;
        }
        return hooks.Apply(HookPosEmbed, Ops.Embedding(W_pos, ids, batch, positions));
    }
}
