using System.Text.Json;
using System.Text.Json.Nodes;
using AlgoLens.Models;

namespace AlgoLens.IO;

/// <summary>
/// A model config as the JSON that Python's <c>HookedTransformerConfig(**json.load(f))</c> accepts:
/// TransformerLens's fields only (AlgoLens's own, such as init_scheme, would be unknown arguments
/// there), with <c>null</c> where TransformerLens writes None. AlgoLens reads the same JSON back with
/// <c>--config</c>.
/// </summary>
public static class TransformerLensConfig
{
    /// <summary>
    /// The JSON for <paramref name="config"/>, and notes on what TransformerLens will not reproduce.
    /// A kind other than the transformer has no TransformerLens counterpart: its JSON is AlgoLens's
    /// own config with <c>model_kind</c>, readable by <c>--config</c> here.
    /// </summary>
    public static (string Json, IReadOnlyList<string> Notes) ToJson(IModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = new JsonSerializerOptions { WriteIndented = true };
        if (config is not HookedTransformerConfig c)
        {
            var own = JsonNode.Parse(config.ToJson())!.AsObject();
            own[ModelFile.KindKey] = config.Kind;
            return (own.ToJsonString(options), [$"TransformerLens has no '{config.Kind}' model; the config is AlgoLens's own (read it here with --config)"]);
        }
        var json = new JsonObject
        {
            ["n_layers"] = c.NLayers,
            ["d_model"] = c.DModel,
            ["n_heads"] = c.NHeads,
            ["d_head"] = c.DHead,
            ["d_mlp"] = c.DMlp,
            ["d_vocab"] = c.DVocab,
            ["d_vocab_out"] = c.OutputVocab,
            ["n_ctx"] = c.NCtx,
            ["act_fn"] = c.ActFn is null or "none" ? null : c.ActFn,
            ["normalization_type"] = c.UsesNormalization ? c.NormalizationType : null,
            ["attn_only"] = c.AttnOnly,
            ["eps"] = c.Eps,
            ["attention_dir"] = c.AttentionDir,
        };
        var notes = new List<string>();
        if (c.AttentionRate != 1f)
        {
            notes.Add($"attention_rate {c.AttentionRate} has no TransformerLens field: TransformerLens will run ordinary attention (rate 1)");
        }
        if (c.DInput > 0)
        {
            notes.Add($"the model reads real-valued input (d_input {c.DInput}), which TransformerLens's HookedTransformer does not: its embed.W_E is [d_input, d_model] here");
        }
        return (json.ToJsonString(options), notes);
    }
}
