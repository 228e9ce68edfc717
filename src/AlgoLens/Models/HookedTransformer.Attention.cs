using AlgoLens.Tensors;

namespace AlgoLens.Models;

public sealed partial class HookedTransformer
{
    // Multi-head causal attention. x is [batch, pos, d_model]; the result is
    // [batch, q, d_model] where q is every position, or queryPositions when given.
    private Tensor Attention(Tensor x, int layer, HookRunner hooks, int[]? queryPositions)
    {
        string b = $"blocks.{layer}.attn.";
        int batch = x.Shape[0], pos = x.Shape[1];
        int h = Config.NHeads, dh = Config.DHead;
        var queryInput = queryPositions is null ? x : Ops.IndexSelect(x, 1, queryPositions);
        int qLen = queryInput.Shape[1];

        var q = hooks.Apply(b + "hook_q", Project(queryInput, this[b + "W_Q"], this[b + "b_Q"])); // [batch, q, head, d_head]
        var k = hooks.Apply(b + "hook_k", Project(x, this[b + "W_K"], this[b + "b_K"]));          // [batch, pos, head, d_head]
        var v = hooks.Apply(b + "hook_v", Project(x, this[b + "W_V"], this[b + "b_V"]));          // [batch, pos, head, d_head]

        var qHeads = Ops.Permute(q, 0, 2, 1, 3); // [batch, head, q, d_head]
        var kHeads = Ops.Permute(k, 0, 2, 1, 3); // [batch, head, pos, d_head]
        var vHeads = Ops.Permute(v, 0, 2, 1, 3); // [batch, head, pos, d_head]
        var rawScores = Ops.Scale(Ops.MatMul(qHeads, kHeads, transposeB: true), 1f / MathF.Sqrt(dh)); // [batch, head, q, pos]
        var scores = hooks.Apply(b + "hook_attn_scores", MaskFuture(rawScores, queryPositions, qLen, pos));
        var pattern = hooks.Apply(b + "hook_pattern", Ops.Softmax(scores)); // [batch, head, q, pos]
        var z = hooks.Apply(b + "hook_z", Ops.Permute(Ops.MatMul(pattern, vHeads), 0, 2, 1, 3)); // [batch, q, head, d_head]

        var wO = Ops.Reshape(this[b + "W_O"], h * dh, Config.DModel); // [head*d_head, d_model]
        return Ops.MatMul(Ops.Reshape(z, batch, qLen, h * dh), wO) + this[b + "b_O"]; // [batch, q, d_model]
    }

    // x·W + b per head: x [batch, pos, d_model], W [head, d_model, d_head], b [head, d_head]
    // -> [batch, pos, head, d_head], as one [batch*pos, d_model]·[d_model, head*d_head] product.
    private Tensor Project(Tensor x, Tensor w, Tensor bias)
    {
        int batch = x.Shape[0], pos = x.Shape[1];
        int h = Config.NHeads, dh = Config.DHead;
        var wAll = Ops.Reshape(Ops.Permute(w, 1, 0, 2), Config.DModel, h * dh); // [d_model, head*d_head]
        var projected = Ops.MatMul(x, wAll) + Ops.Reshape(bias, h * dh);       // [batch, pos, head*d_head]
        return Ops.Reshape(projected, batch, pos, h, dh);
    }

    // The causal mask: query i (at position queryPositions[i], or i) sees keys at positions <= its own.
    private static Tensor MaskFuture(Tensor scores, int[]? queryPositions, int qLen, int pos)
    {
        if (queryPositions is null)
        {
            return Ops.CausalMask(scores);
        }
        var mask = new bool[qLen * pos];
        bool any = false;
        for (int i = 0; i < qLen; i++)
        {
            for (int key = queryPositions[i] + 1; key < pos; key++)
            {
                mask[i * pos + key] = true;
                any = true;
            }
        }
        return any ? Ops.MaskedFill(scores, mask, float.NegativeInfinity) : scores;
    }
}
