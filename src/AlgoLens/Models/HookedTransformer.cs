using AlgoLens.Models.Components;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Models;

/// <summary>
/// The "transformer" model kind: a decoder-only transformer with TransformerLens's parameter names,
/// shapes and hook points, built from components (<see cref="Embed"/>, <see cref="PosEmbed"/>,
/// <see cref="TransformerBlock"/>s, an optional final <see cref="Normalization"/>, <see cref="Unembed"/>) that declare
/// them. Parameters are held in TransformerLens's state-dict order.
/// </summary>
public sealed partial class HookedTransformer : ConfiguredModel<HookedTransformerConfig>
{
    /// <summary>The kind's name in configs, checkpoints and run.json.</summary>
    public const string KindName = "transformer";

    /// <summary>Creates a model with freshly initialised parameters (see <see cref="HookedTransformerConfig.InitScheme"/>).</summary>
    public HookedTransformer(HookedTransformerConfig config)
        : base(config)
    {
        var init = new TransformerInit(config);
        Flags = new TransformerHookFlags(config);
        HookTokens = Hooks.Add(HookNames.Tokens, "[batch, pos]", () => Flags.UseHookTokens && !Config.ReadsValues);
        EmbedComponent = new Embed(config.ReadsValues ? config.DInput : config.DVocab, config.DModel, config.ReadsValues, init.Matrix, Parameters, Hooks);
        PosEmbedComponent = new PosEmbed(config.NCtx, config.DModel, init.Matrix, Parameters, Hooks);
        Blocks = Enumerable.Range(0, config.NLayers).Select(l => new TransformerBlock(l, config, Flags, init, Parameters, Hooks)).ToArray();
        LnFinal = Normalization.Create("ln_final.", config, Parameters, Hooks);
        UnembedComponent = new Unembed(config.DModel, config.OutputVocab, init.Unembed, init.BiasTrains(inMlp: false), Parameters, Hooks);
        Parameters.Initialise(new Rng((ulong)config.Seed));
    }

    /// <summary>TransformerLens's hook switches as they stand now (see <see cref="SetUseAttnResult"/> and its siblings).</summary>
    public TransformerHookFlags Flags { get; }

    /// <summary><c>hook_tokens</c> (only with <c>use_hook_tokens</c>, token input): the token ids as floats, [batch, pos].</summary>
    public HookPoint HookTokens { get; }

    /// <summary>TransformerLens's <c>model.set_use_attn_result(on)</c>: switches <c>blocks.L.attn.hook_result</c>.</summary>
    public void SetUseAttnResult(bool on) => SetFlags(Config with { UseAttnResult = on });

    /// <summary>TransformerLens's <c>model.set_use_split_qkv_input(on)</c>: switches <c>blocks.L.hook_q_input|k_input|v_input</c>.</summary>
    public void SetUseSplitQkvInput(bool on) => SetFlags(Config with { UseSplitQkvInput = on });

    /// <summary>TransformerLens's <c>model.set_use_attn_in(on)</c>: switches <c>blocks.L.hook_attn_in</c>.</summary>
    public void SetUseAttnIn(bool on) => SetFlags(Config with { UseAttnIn = on });

    /// <summary>TransformerLens's <c>model.set_use_hook_mlp_in(on)</c>: switches <c>blocks.L.hook_mlp_in</c>.</summary>
    public void SetUseHookMlpIn(bool on) => SetFlags(Config with { UseHookMlpIn = on });

    /// <summary>TransformerLens's <c>cfg.use_hook_tokens</c> (its only setter is the config): switches <c>hook_tokens</c>.</summary>
    public void SetUseHookTokens(bool on) => SetFlags(Config with { UseHookTokens = on });

    // The config follows the switches, so that a checkpoint saved now records them (and, all off, is
    // the file it was: OmitAtDefault leaves them out).
    private void SetFlags(HookedTransformerConfig config)
    {
        Config = config;
        Flags.UseAttnResult = config.UseAttnResult;
        Flags.UseSplitQkvInput = config.UseSplitQkvInput;
        Flags.UseAttnIn = config.UseAttnIn;
        Flags.UseHookMlpIn = config.UseHookMlpIn;
        Flags.UseHookTokens = config.UseHookTokens;
    }

    /// <summary>The input embedding (token or linear).</summary>
    public Embed EmbedComponent { get; }

    /// <summary>The positional embedding.</summary>
    public PosEmbed PosEmbedComponent { get; }

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<TransformerBlock> Blocks { get; }

    /// <summary>The final normalisation, or null without normalisation.</summary>
    public Normalization? LnFinal { get; }

    /// <summary>The unembedding.</summary>
    public Unembed UnembedComponent { get; }

    /// <inheritdoc/>
    protected override int CacheLayers => Config.NLayers;
}
