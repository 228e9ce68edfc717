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
        EmbedComponent = new Embed(config.ReadsValues ? config.DInput : config.DVocab, config.DModel, config.ReadsValues, init.Matrix, Parameters, Hooks);
        PosEmbedComponent = new PosEmbed(config.NCtx, config.DModel, init.Matrix, Parameters, Hooks);
        Blocks = Enumerable.Range(0, config.NLayers).Select(l => new TransformerBlock(l, config, init, Parameters, Hooks)).ToArray();
        LnFinal = Normalization.Create("ln_final.", config, Parameters, Hooks);
        UnembedComponent = new Unembed(config.DModel, config.OutputVocab, init.Unembed, init.BiasTrains(inMlp: false), Parameters, Hooks);
        Parameters.Initialise(new Rng((ulong)config.Seed));
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
