using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// Multi-head attention with TransformerLens's parameters (<c>W_Q|W_K|W_V</c> [head, d_model, d_head],
/// <c>W_O</c> [head, d_head, d_model], <c>b_Q|b_K|b_V</c> [head, d_head], <c>b_O</c> [d_model]) and hook
/// points (<c>hook_q|k|v|z</c> [batch, pos, head, d_head], <c>hook_attn_scores|hook_pattern</c>
/// [batch, head, q_pos, k_pos]), and with <c>use_attn_result</c> <c>hook_result</c> [batch, pos, head, d_model].
/// </summary>
public sealed class Attention : Component
{
    private readonly HookedTransformerConfig config;
    private readonly TransformerHookFlags flags;

    internal Attention(int layer, HookedTransformerConfig config, TransformerHookFlags flags, TransformerInit init, ParameterStore parameters, HookPointList hooks)
        : base($"blocks.{layer}.attn.", parameters, hooks)
    {
        this.config = config;
        this.flags = flags;
        int d = config.DModel, h = config.NHeads, dh = config.DHead;
        bool biasTrains = init.BiasTrains(inMlp: false);
        W_Q = Parameter("W_Q", [h, d, dh], ParameterRole.Weight, init.Matrix);
        W_K = Parameter("W_K", [h, d, dh], ParameterRole.Weight, init.Matrix);
        W_V = Parameter("W_V", [h, d, dh], ParameterRole.Weight, init.Matrix);
        W_O = Parameter("W_O", [h, dh, d], ParameterRole.Weight, init.Matrix);
        b_Q = Parameter("b_Q", [h, dh], ParameterRole.Bias, ParameterInit.Zeros, biasTrains);
        b_K = Parameter("b_K", [h, dh], ParameterRole.Bias, ParameterInit.Zeros, biasTrains);
        b_V = Parameter("b_V", [h, dh], ParameterRole.Bias, ParameterInit.Zeros, biasTrains);
        b_O = Parameter("b_O", [d], ParameterRole.Bias, ParameterInit.Zeros, biasTrains);
        HookQ = Hook("hook_q", "[batch, q_pos, head, d_head]");
        HookK = Hook("hook_k", "[batch, k_pos, head, d_head]");
        HookV = Hook("hook_v", "[batch, k_pos, head, d_head]");
        HookAttnScores = Hook("hook_attn_scores", "[batch, head, q_pos, k_pos]");
        HookPattern = Hook("hook_pattern", "[batch, head, q_pos, k_pos]");
        HookZ = Hook("hook_z", "[batch, q_pos, head, d_head]");
        HookResult = hooks.Add(Prefix + "hook_result", "[batch, q_pos, head, d_model]", () => flags.UseAttnResult);
    }

#pragma warning disable CA1707 // TransformerLens's parameter names.
    /// <summary>[head, d_model, d_head].</summary>
    public Tensor W_Q { get; }

    /// <summary>[head, d_model, d_head].</summary>
    public Tensor W_K { get; }

    /// <summary>[head, d_model, d_head].</summary>
    public Tensor W_V { get; }

    /// <summary>[head, d_head, d_model].</summary>
    public Tensor W_O { get; }

    /// <summary>[head, d_head].</summary>
    public Tensor b_Q { get; }

    /// <summary>[head, d_head].</summary>
    public Tensor b_K { get; }

    /// <summary>[head, d_head].</summary>
    public Tensor b_V { get; }

    /// <summary>[d_model].</summary>
    public Tensor b_O { get; }
#pragma warning restore CA1707

    /// <summary><c>hook_q</c>.</summary>
    public HookPoint HookQ { get; }

    /// <summary><c>hook_k</c>.</summary>
    public HookPoint HookK { get; }

    /// <summary><c>hook_v</c>.</summary>
    public HookPoint HookV { get; }

    /// <summary><c>hook_attn_scores</c>: scaled scores with the mask applied (masked entries -inf).</summary>
    public HookPoint HookAttnScores { get; }

    /// <summary><c>hook_pattern</c>: the attention weights (interpolated with uniform attention when attention_rate &lt; 1).</summary>
    public HookPoint HookPattern { get; }

    /// <summary><c>hook_z</c>: the weighted values per head.</summary>
    public HookPoint HookZ { get; }

    /// <summary>
    /// <c>hook_result</c> (only with <c>use_attn_result</c>): each head's output z_h·W_O[h]
    /// [batch, q_pos, head, d_model]; the attention's output is their sum over heads plus b_O.
    /// </summary>
    public HookPoint HookResult { get; }

    /// <summary>
    /// x is [batch, pos, d_model]; the result is [batch, q, d_model] where q is every position, or
    /// <paramref name="queryPositions"/> when given. Keys in a query's future (causal attention_dir)
    /// and padding keys (<paramref name="attentionMask"/> [batch, pos] false) get score -inf; a query
    /// always sees its own position (see <see cref="AttentionMasking"/>). With attention_rate α &lt; 1
    /// the pattern is α·softmax + (1 - α)·uniform over the visible keys.
    /// </summary>
    public Tensor Forward(Tensor x, HookRunner hooks, int[]? queryPositions, bool[]? attentionMask = null) =>
        Forward(x, x, x, hooks, queryPositions, attentionMask);

    /// <summary>
    /// The attention with separate inputs for queries, keys and values: each [batch, pos, d_model]
    /// (shared by every head) or [batch, pos, head, d_model] (each head's own input, TransformerLens's
    /// <c>use_split_qkv_input</c> and <c>use_attn_in</c>: head h's q, k and v read only slice h).
    /// Otherwise as <see cref="Forward(Tensor, HookRunner, int[], bool[])"/>.
    /// </summary>
    public Tensor Forward(Tensor queryInput, Tensor keyInput, Tensor valueInput, HookRunner hooks, int[]? queryPositions, bool[]? attentionMask = null)
    {
        ArgumentNullException.ThrowIfNull(queryInput);
        ArgumentNullException.ThrowIfNull(keyInput);
        ArgumentNullException.ThrowIfNull(valueInput);
        ArgumentNullException.ThrowIfNull(hooks);
        int batch = keyInput.Shape[0], pos = keyInput.Shape[1];
        int h = config.NHeads, dh = config.DHead;
        var queries = queryPositions is null ? queryInput : Ops.IndexSelect(queryInput, 1, queryPositions);
        int qLen = queries.Shape[1];

        var q = hooks.Apply(HookQ, Project(queries, W_Q, b_Q)); // [batch, q, head, d_head]
        var k = hooks.Apply(HookK, Project(keyInput, W_K, b_K));   // [batch, pos, head, d_head]
        var v = hooks.Apply(HookV, Project(valueInput, W_V, b_V)); // [batch, pos, head, d_head]

        var qHeads = Ops.Permute(q, 0, 2, 1, 3); // [batch, head, q, d_head]
        var kHeads = Ops.Permute(k, 0, 2, 1, 3); // [batch, head, pos, d_head]
        var vHeads = Ops.Permute(v, 0, 2, 1, 3); // [batch, head, pos, d_head]
        var rawScores = Ops.Scale(Ops.MatMul(qHeads, kHeads, transposeB: true), 1f / MathF.Sqrt(dh)); // [batch, head, q, pos]
        var scores = hooks.Apply(HookAttnScores, AttentionMasking.Mask(rawScores, config.IsCausal, queryPositions, attentionMask));
        var softmax = Ops.Softmax(scores); // [batch, head, q, pos]
        var pattern = hooks.Apply(HookPattern, config.AttentionRate == 1f ? softmax : AttentionMasking.Interpolate(softmax, scores, config.AttentionRate));
        var z = hooks.Apply(HookZ, Ops.Permute(Ops.MatMul(pattern, vHeads), 0, 2, 1, 3)); // [batch, q, head, d_head]

        if (flags.UseAttnResult)
        {
            // Each head's output on its own, then their sum: TransformerLens's use_attn_result.
            var perHead = Ops.InstanceMatMul(Ops.Reshape(z, batch * qLen, h, dh), W_O); // [batch*q, head, d_model]
            var result = hooks.Apply(HookResult, Ops.Reshape(perHead, batch, qLen, h, config.DModel));
            return Ops.Add(Ops.Sum(result, 2), b_O); // [batch, q, d_model]
        }
        var wO = Ops.Reshape(W_O, h * dh, config.DModel); // [head*d_head, d_model]
        return Ops.Linear(Ops.Reshape(z, batch, qLen, h * dh), wO, b_O); // [batch, q, d_model]
    }

    /// <summary>
    /// Whether this call's configuration is one the block's fused ops serve: causal attention at
    /// attention_rate 1 on unpadded token input. Bidirectional models (which <see cref="Ops.Attention"/>
    /// also serves), rates below 1, padding and real-valued input keep the unfused path, in the
    /// attention and the MLP alike, so that runs trained before keep their bits: the fused ops agree
    /// with the unfused ones to rounding, not bit for bit, and these configurations always trained
    /// through the unfused ones.
    /// </summary>
    internal bool FusedOpsServe(bool[]? attentionMask) =>
        config.IsCausal && config.AttentionRate == 1f && attentionMask is null && !config.ReadsValues;

    /// <summary>
    /// Whether <see cref="ForwardAddedTo"/> may stand for <see cref="Forward(Tensor, HookRunner, int[], bool[])"/> plus the residual add
    /// where <see cref="FusedOpsServe"/> holds: a plain call (<see cref="HookRunner.ObservesNothing"/>),
    /// so nothing observes q, k, v, the scores, the pattern, z or the attention's output, which the
    /// fused kernel never forms, and no filtered cache sees other bits than the full cache.
    /// </summary>
    internal static bool Fuses(HookRunner hooks) => hooks.ObservesNothing;

    /// <summary>
    /// <paramref name="residual"/> (at the queries) + the attention of x, through the fused causal
    /// <see cref="Ops.Attention"/> with the residual added in W_O's product epilogue: x and the
    /// residual [batch, pos, d_model], the result [batch, q, d_model]. Only where
    /// <see cref="FusedOpsServe"/> and <see cref="Fuses"/> hold.
    /// </summary>
    internal Tensor ForwardAddedTo(Tensor x, Tensor residual, int[]? queryPositions)
    {
        var xq = queryPositions is null ? x : Ops.IndexSelect(x, 1, queryPositions);
        var q = ProjectFlat(xq, W_Q, b_Q); // [batch, q, head*d_head]
        var k = ProjectFlat(x, W_K, b_K);  // [batch, pos, head*d_head]
        var v = ProjectFlat(x, W_V, b_V);
        var residualAtQueries = queryPositions is null ? residual : Ops.IndexSelect(residual, 1, queryPositions);
        var z = Ops.Attention(q, k, v, config.NHeads, queryPositions); // [batch, q, head*d_head]
        var wO = Ops.Reshape(W_O, config.NHeads * config.DHead, config.DModel);
        return Ops.Linear(z, wO, b_O, addend: residualAtQueries); // [batch, q, d_model]
    }

    /// <summary>x·W + b for Q, K or V with the heads merged: x [..., d_model] → [..., head*d_head].</summary>
    internal Tensor ProjectFlat(Tensor x, Tensor w, Tensor bias)
    {
        int width = config.NHeads * config.DHead;
        var wAll = Ops.Reshape(Ops.Permute(w, 1, 0, 2), config.DModel, width); // [d_model, head*d_head]
        return Ops.Linear(x, wAll, Ops.Reshape(bias, width));
    }

    // x·W + b per head: x [batch, pos, d_model], W [head, d_model, d_head], b [head, d_head]
    // -> [batch, pos, head, d_head], as one [batch*pos, d_model]·[d_model, head*d_head] product.
    // x [batch, pos, head, d_model] (a head axis): head h's slice times W[h], each head its own product.
    private Tensor Project(Tensor x, Tensor w, Tensor bias)
    {
        int batch = x.Shape[0], pos = x.Shape[1];
        int h = config.NHeads, dh = config.DHead;
        if (x.Rank == 4)
        {
            var own = Ops.InstanceMatMul(Ops.Reshape(x, batch * pos, h, config.DModel), w); // [batch*pos, head, d_head]
            return Ops.Reshape(Ops.Add(own, bias), batch, pos, h, dh);
        }
        var wAll = Ops.Reshape(Ops.Permute(w, 1, 0, 2), config.DModel, h * dh); // [d_model, head*d_head]
        var projected = Ops.Linear(x, wAll, Ops.Reshape(bias, h * dh));       // [batch, pos, head*d_head]
        return Ops.Reshape(projected, batch, pos, h, dh);
    }
}
