using AlgoLens.Data;
using AlgoLens.Tensors;

namespace AlgoLens.Models;

public sealed partial class HookedTransformer
{
    /// <summary>Logits [batch, pos, d_vocab_out] for every position.</summary>
    public Tensor Forward(TokenBatch tokens) => Forward(tokens, options: null);

    /// <summary>
    /// Logits [batch, positions.Length, d_vocab_out] at the given positions only, for training and
    /// evaluation: the same values and gradients as <see cref="Forward(TokenBatch)"/> there, with work
    /// the loss cannot see skipped (through <see cref="FirstLayerTableForward"/> where it applies).
    /// </summary>
    public Tensor ForwardAtPositions(TokenBatch tokens, int[] positions) => Forward(tokens, ForwardOptions.AtPositions(positions));

    /// <summary>
    /// The general forward pass, through every hook point. With <paramref name="outputPositions"/>,
    /// the last block computes queries, MLP and logits only at those positions (its later hooks and
    /// the logits then have outputPositions.Length positions), which is what analyses of the final
    /// position need at a fraction of the cost.
    /// </summary>
    protected override Tensor Run(ModelInput input, HookRunner hooks, int[]? outputPositions)
    {
        int batch = input.Batch, pos = input.Positions;
        if (Flags.UseHookTokens && input.IsTokens)
        {
            input = ThroughHookTokens(input, hooks);
        }
        var resid = EmbedComponent.Forward(input, hooks) + PosEmbedComponent.Forward(batch, pos, hooks); // [batch, pos, d_model]
        foreach (var block in Blocks)
        {
            bool last = block.Layer == Config.NLayers - 1;
            resid = block.Forward(resid, hooks, last ? outputPositions : null, input.AttentionMask);
        }
        if (LnFinal is not null)
        {
            resid = LnFinal.Forward(resid, hooks, Blocks.Count == 0 || Blocks[0].Attn.FusedOpsServe(input.AttentionMask));
        }
        return UnembedComponent.Forward(resid); // [batch, pos, d_vocab_out]
    }

    /// <summary>
    /// TransformerLens's <c>hook_tokens</c>: the ids pass through the hook as a float tensor
    /// [batch, pos] (the engine's tensors are float; ids below 2^24 are exact), and the embedding reads
    /// what comes out. A replacement must hold integer ids of the vocabulary.
    /// </summary>
    private ModelInput ThroughHookTokens(ModelInput input, HookRunner hooks)
    {
        var tokens = input.Tokens!;
        var asFloats = new Tensor(tokens.Ids.Select(id => (float)id).ToArray(), [tokens.Batch, tokens.Positions]);
        var hooked = hooks.Apply(HookTokens, asFloats);
        if (ReferenceEquals(hooked, asFloats))
        {
            return input;
        }
        var ids = new int[hooked.Size];
        for (int i = 0; i < ids.Length; i++)
        {
            float value = hooked.Data[i];
            if (value != MathF.Round(value) || value < 0 || value >= Config.DVocab)
            {
                throw new ArgumentException($"A hook on {HookNames.Tokens} put {value} at sequence {i / tokens.Positions}, position {i % tokens.Positions}; token ids must be whole numbers in 0..{Config.DVocab - 1}.");
            }
            ids[i] = (int)value;
        }
        return ModelInput.FromTokens(new TokenBatch(ids, tokens.Batch, tokens.Positions, tokens.AttentionMask));
    }

    /// <inheritdoc/>
    protected override Tensor? TryFastForward(ModelInput input, int[]? outputPositions) =>
        FirstLayerTableForward.Supports(this, input)
            ? FirstLayerTableForward.Forward(this, input.Tokens!, outputPositions ?? Enumerable.Range(0, input.Positions).ToArray(), foldMlpInput: true)
            : null;

    /// <inheritdoc/>
    protected override void CheckInput(ModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Positions > Config.NCtx)
        {
            throw new ArgumentException($"Sequences of {input.Positions} positions are longer than the model's context n_ctx = {Config.NCtx}.");
        }
        if (Config.ReadsValues)
        {
            if (input.IsTokens)
            {
                throw new ArgumentException($"This transformer reads real-valued input (d_input = {Config.DInput}) but was given token ids; pass ModelInput.FromValues(values, batch, positions, {Config.DInput}).");
            }
            if (input.Width != Config.DInput)
            {
                throw new ArgumentException($"The input has {input.Width} values per position but the model's d_input is {Config.DInput}.");
            }
            return;
        }
        var tokens = input.RequireTokens($"This transformer (d_input = 0; set d_input for real-valued input)");
        for (int i = 0; i < tokens.Ids.Length; i++)
        {
            if ((uint)tokens.Ids[i] >= (uint)Config.DVocab)
            {
                throw new ArgumentException($"Token id {tokens.Ids[i]} (sequence {i / tokens.Positions}, position {i % tokens.Positions}) is outside the vocabulary 0..{Config.DVocab - 1}.");
            }
        }
    }
}
