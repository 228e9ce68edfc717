using AlgoLens.Data;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Models.Mlp;

/// <summary>
/// The "mlp" model kind: the MLPs of Gromov 2023 and Chughtai et al. 2023 for algorithmic tasks.
/// Each input position has its own token embedding (<see cref="PositionEmbed"/>); the embeddings
/// are concatenated or summed (<see cref="MlpConfig.Combine"/>), pass through
/// <see cref="MlpConfig.NLayers"/> hidden layers (<see cref="HiddenLayer"/>) and an unembedding
/// (<see cref="MlpUnembed"/>). Parameters in state-dict order: <c>embed.W_E</c>,
/// <c>layers.{l}.W</c>, <c>layers.{l}.b</c>, <c>unembed.W_U</c>, <c>unembed.b_U</c>.
/// </summary>
/// <remarks>
/// The model reads the whole input and makes one prediction, placed at the last position: outputs
/// are [batch, 1, d_vocab_out], the logits at position n_ctx - 1. <see cref="ForwardOptions.OutputPositions"/>
/// may be null or [n_ctx - 1]; other positions have no output and are refused. Inputs must have
/// exactly n_ctx tokens and no padding.
/// </remarks>
public sealed class HookedMlp : ConfiguredModel<MlpConfig>
{
    /// <summary>The kind's name in configs, checkpoints and run.json.</summary>
    public const string KindName = "mlp";

    /// <summary>Creates a model with freshly initialised parameters (see <see cref="MlpConfig.InitScheme"/>).</summary>
    public HookedMlp(MlpConfig config)
        : base(config)
    {
        var init = new MlpInit(config);
        EmbedComponent = new PositionEmbed(config, init.Embedding, Parameters, Hooks);
        HookEmbedCombined = Hooks.Add("hook_embed_combined", config.Combine == "sum" ? "[batch, d_embed]" : "[batch, n_ctx * d_embed]");
        var layers = new List<HiddenLayer>();
        int width = config.CombinedWidth;
        foreach (int hidden in config.HiddenWidths)
        {
            layers.Add(new HiddenLayer(layers.Count, width, hidden, config.ActFn, init, Parameters, Hooks));
            width = hidden;
        }
        Layers = layers;
        UnembedComponent = new MlpUnembed(width, config.OutputVocab, init, Parameters, Hooks);
        Parameters.Initialise(new Rng((ulong)config.Seed));
    }

    /// <summary>The per-position embeddings.</summary>
    public PositionEmbed EmbedComponent { get; }

    /// <summary><c>hook_embed_combined</c>: the embeddings concatenated or summed, the first layer's input.</summary>
    public HookPoint HookEmbedCombined { get; }

    /// <summary>The hidden layers, in order.</summary>
    public IReadOnlyList<HiddenLayer> Layers { get; }

    /// <summary>The unembedding.</summary>
    public MlpUnembed UnembedComponent { get; }

    /// <summary>The one position with an output: n_ctx - 1.</summary>
    public int OutputPosition => Config.NCtx - 1;

    /// <inheritdoc/>
    protected override Tensor Run(ModelInput input, HookRunner hooks, int[]? outputPositions)
    {
        var tokens = input.RequireTokens("An mlp model");
        int batch = tokens.Batch;
        var embed = EmbedComponent.Forward(tokens, hooks); // [batch, pos, d_embed]
        var combined = Config.Combine == "sum"
            ? Ops.Sum(embed, axis: 1) // [batch, d_embed]
            : Ops.Reshape(embed, batch, Config.CombinedWidth); // [batch, n_ctx*d_embed]
        var x = hooks.Apply(HookEmbedCombined, combined);
        foreach (var layer in Layers)
        {
            x = layer.Forward(x, hooks); // [batch, d_hidden]
        }
        var logits = UnembedComponent.Forward(x); // [batch, d_vocab_out]
        return Ops.Reshape(logits, batch, 1, Config.OutputVocab); // [batch, 1, d_vocab_out]
    }

    /// <inheritdoc/>
    protected override Tensor? TryFastForward(ModelInput input, int[]? outputPositions) =>
        MlpTableForward.Pays(Config, input.Batch) ? MlpTableForward.Forward(this, input.Tokens!) : null;

    /// <summary>Only [n_ctx - 1] (or no positions): checked before the general and the table path alike.</summary>
    protected override void CheckOutputPositions(int[] positions, int sequenceLength)
    {
        base.CheckOutputPositions(positions, sequenceLength);
        if (positions.Length != 1 || positions[0] != OutputPosition)
        {
            throw new ArgumentException($"An mlp model predicts only at the last position ({OutputPosition}, from the whole input); it has no output at positions [{string.Join(", ", positions)}]. Ask for [{OutputPosition}] or for no positions.");
        }
    }

    /// <inheritdoc/>
    protected override void CheckInput(ModelInput input)
    {
        var tokens = input.RequireTokens("An mlp model");
        if (tokens.Positions != Config.NCtx)
        {
            throw new ArgumentException($"Sequences of {tokens.Positions} tokens do not fit this mlp model, which embeds each of its n_ctx = {Config.NCtx} positions separately and reads exactly {Config.NCtx} tokens.");
        }
        if (tokens.AttentionMask is { } mask && Array.IndexOf(mask, false) >= 0)
        {
            throw new ArgumentException("The input has padding (attention mask false somewhere); an mlp model reads every position, so give it full sequences of n_ctx tokens.");
        }
        for (int i = 0; i < tokens.Ids.Length; i++)
        {
            if ((uint)tokens.Ids[i] >= (uint)Config.DVocab)
            {
                throw new ArgumentException($"Token id {tokens.Ids[i]} (sequence {i / tokens.Positions}, position {i % tokens.Positions}) is outside the vocabulary 0..{Config.DVocab - 1}.");
            }
        }
    }
}
