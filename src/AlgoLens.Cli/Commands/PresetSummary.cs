using System.Globalization;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Training;

namespace AlgoLens.Cli.Commands;

/// <summary>One-line summaries of a preset's model and training, for the <c>presets</c> table.</summary>
internal static class PresetSummary
{
    /// <summary>The model's kind and sizes, e.g. "transformer: 2 layers, LN, d_model 64, 4 heads, d_mlp 256, gelu".</summary>
    public static string Model(IModelConfig model) => model switch
    {
        HookedTransformerConfig t => "transformer: " + string.Join(", ", TransformerParts(t)),
        MlpConfig m => Invariant($"mlp: d_embed {m.DEmbed} ({m.Combine}), hidden {string.Join("×", m.DHidden)}, {m.ActFn}"),
        ToySuperpositionConfig s => Invariant($"toy-superposition: {s.NFeatures} features in {s.DHidden} dims, {s.NInstances} instances, {s.Activation}"),
        _ => model.Kind,
    };

    /// <summary>Steps, batch and optimiser, e.g. "2,000 steps × 256, lr 0.003 cosine, wd 0.01".</summary>
    public static string Training(TrainingConfig training)
    {
        string batch = training.BatchSize == 0 ? "full batch" : Invariant($"batch {training.BatchSize:N0}");
        string schedule = training.LrSchedule == LearningRateSchedules.Constant ? "" : " " + training.LrSchedule;
        return Invariant($"{training.Steps:N0} steps, {batch}, lr {training.LearningRate:G3}{schedule}, wd {training.WeightDecay:G3}");
    }

    private static IEnumerable<string> TransformerParts(HookedTransformerConfig t)
    {
        yield return t.NLayers == 1 ? "1 layer" : Invariant($"{t.NLayers} layers");
        if (t.UsesNormalization)
        {
            yield return t.NormalizationType!;
        }
        if (!t.IsCausal)
        {
            yield return "bidirectional";
        }
        yield return Invariant($"d_model {t.DModel}");
        yield return t.NHeads == 1 ? "1 head" : Invariant($"{t.NHeads} heads");
        if (t.AttnOnly)
        {
            yield return "attention only";
        }
        else
        {
            yield return Invariant($"d_mlp {t.DMlp}, {t.ActFn}");
        }
        if (t.ReadsValues)
        {
            yield return Invariant($"{t.DInput} real inputs");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
