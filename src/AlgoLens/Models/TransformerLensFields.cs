using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlgoLens.Models;

/// <summary>
/// The fields of TransformerLens's <c>HookedTransformerConfig</c> that AlgoLens has no field for, as
/// <c>cfg.to_dict()</c> writes them. Each is checked against what AlgoLens computes and removed: a
/// value that AlgoLens's transformer computes the same way (a name, a device, a
/// default) is accepted and ignored; a value that would change the computation (rotary positions,
/// a gated or parallel MLP, another attention scale, grouped keys and values, experts, ...) is a
/// problem that names the field, its value and what AlgoLens supports.
/// </summary>
internal static class TransformerLensFields
{
    // Bookkeeping, tokenizer and device settings, and the settings of features that
    // are only read when another (checked) field turns them on: never part of the computation here.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "model_name", "original_architecture", "from_checkpoint", "checkpoint_index", "checkpoint_label_type",
        "checkpoint_value", "tokenizer_name", "tokenizer_prepends_bos", "default_prepend_bos", "default_padding_side",
        "trust_remote_code", "device", "n_devices", "n_params",
        "ungroup_grouped_query_attention",
        // Read only with use_local_attn (checked below).
        "window_size", "attn_types",
        // Read only with rotary positions (checked below).
        "rotary_dim", "rotary_base", "rotary_adjacent_pairs", "use_NTK_by_parts_rope", "NTK_by_parts_low_freq_factor",
        "NTK_by_parts_high_freq_factor", "NTK_by_parts_factor", "NTK_original_ctx_len",
        // Read only by TransformerLens's encoder-decoder (T5) model, never by HookedTransformer.
        "relative_attention_max_distance", "relative_attention_num_buckets", "decoder_start_token_id", "tie_word_embeddings",
    };

    // AlgoLens's values for the fields a config leaves out.
    private static readonly HookedTransformerConfig Defaults = new();

    /// <summary>Every TransformerLens-only field this reader knows (for "did you mean" suggestions).</summary>
    public static IEnumerable<string> Names => Ignored.Concat(Checked);

    private static readonly string[] Checked =
    [
        "use_attn_scale", "attn_scale", "use_local_attn", "init_mode", "initializer_range", "init_weights",
        "scale_attn_by_inverse_layer_idx", "positional_embedding_type", "final_rms", "parallel_attn_mlp", "gated_mlp",
        "dtype", "n_key_value_heads", "post_embedding_ln", "load_in_4bit", "num_experts", "experts_per_token",
        "use_normalization_before_and_after", "attn_scores_soft_cap", "output_logits_soft_cap", "use_qk_norm",
    ];

    /// <summary>
    /// Checks and removes the TransformerLens-only fields of <paramref name="config"/>, and turns the
    /// nulls TransformerLens writes for AlgoLens's own fields into AlgoLens's values (d_mlp null:
    /// none for an attention-only model, else 4·d_model as TransformerLens; seed null: 0).
    /// </summary>
    public static void Apply(JsonObject config, ConfigProblems problems)
    {
        var fields = new Fields(config, problems);
        bool attnOnly = fields.Bool("attn_only") ?? false;
        int? dModel = fields.Int("d_model");
        int? dHead = fields.Int("d_head");
        int? nHeads = fields.Int("n_heads");
        string? normalization = fields.Text("normalization_type");
        if (config.ContainsKey("d_mlp") && config["d_mlp"] is null)
        {
            config.Remove("d_mlp");
            if (!attnOnly && dModel is int width)
            {
                config["d_mlp"] = 4L * width;
            }
        }
        if (config.ContainsKey("seed") && config["seed"] is null)
        {
            config.Remove("seed");
        }

        fields.Require("positional_embedding_type", "standard", "AlgoLens adds learned absolute positions (pos_embed.W_pos) to the residual stream");
        fields.RequireFalse("gated_mlp", !attnOnly, "AlgoLens's MLP is W_out·act(W_in·x); it has no gate (W_gate)");
        fields.RequireFalse("parallel_attn_mlp", !attnOnly, "AlgoLens applies the MLP after attention, to the residual stream that includes it");
        fields.RequireFalse("use_local_attn", true, "every query attends to all the keys its attention_dir allows");
        fields.RequireFalse("scale_attn_by_inverse_layer_idx", true, "attention scores are not scaled by layer");
        fields.RequireFalse("final_rms", normalization == "LN", "with normalization_type LN the final normalisation is a LayerNorm");
        fields.RequireFalse("post_embedding_ln", true, "the embedding goes to the first block without a normalisation");
        fields.RequireFalse("use_normalization_before_and_after", true, "blocks normalise their inputs only");
        fields.RequireFalse("use_qk_norm", true, "queries and keys are not normalised");
        fields.RequireFalse("load_in_4bit", true, "weights are float32");
        fields.RequireTrue("init_weights", "a model built from this config is initialised (init_mode gpt2)");
        fields.RequireTrue("use_attn_scale", "attention scores are divided by sqrt(d_head)");
        fields.RequireNumber("attn_scale", Math.Sqrt(dHead ?? Defaults.DHead), unset: -1, "AlgoLens divides attention scores by sqrt(d_head)");
        fields.RequireNumber("attn_scores_soft_cap", null, unset: -1, "attention scores are not soft-capped");
        fields.RequireNumber("output_logits_soft_cap", null, unset: -1, "logits are not soft-capped");
        fields.Require("init_mode", "gpt2", "AlgoLens initialises as TransformerLens's gpt2 mode (normal, std 0.8/sqrt(d_model)); or init_scheme grokking");
        fields.RequireNumber("initializer_range", 0.8 / Math.Sqrt(dModel ?? Defaults.DModel), unset: -1, "AlgoLens initialises with std 0.8/sqrt(d_model), TransformerLens's gpt2 default");
        fields.RequireNullOr("n_key_value_heads", nHeads ?? Defaults.NHeads, "AlgoLens's attention has one key and value per head (no grouped-query attention)");
        if (!attnOnly)
        {
            // TransformerLens builds a mixture of experts when num_experts is set and non-zero.
            fields.RequireNullOr("num_experts", 0, "AlgoLens's MLP is one dense MLP, not a mixture of experts");
            fields.RequireNullOr("experts_per_token", 0, "AlgoLens's MLP is one dense MLP, not a mixture of experts");
        }
        fields.RequireDtype();

        foreach (string name in Ignored.Concat(Checked))
        {
            config.Remove(name);
        }
    }

    /// <summary>Typed reads of one config's fields, each wrong type or refused value added to the problems.</summary>
    private sealed class Fields(JsonObject config, ConfigProblems problems)
    {
        public bool? Bool(string name) =>
            config[name] is JsonValue value && value.TryGetValue(out bool flag) ? flag : null;

        public int? Int(string name) =>
            config[name] is JsonValue value && value.TryGetValue(out int number) ? number : null;

        public string? Text(string name) =>
            config[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

        private static string Show(JsonNode? node) => node is null ? "null" : node.ToJsonString();

        /// <summary>A string field that must be absent, null or <paramref name="supported"/>.</summary>
        public void Require(string name, string supported, string why)
        {
            if (!config.TryGetPropertyValue(name, out var node) || node is null)
            {
                return;
            }
            if (Text(name) != supported)
            {
                problems.Add($"{name} is {Show(node)}, which AlgoLens does not compute ({why}); use \"{supported}\" or remove the field.");
            }
        }

        /// <summary>A flag that must be false when <paramref name="matters"/> (absent or null counts as false).</summary>
        public void RequireFalse(string name, bool matters, string why)
        {
            if (!config.TryGetPropertyValue(name, out var node) || node is null)
            {
                return;
            }
            bool? flag = Bool(name);
            if (flag is null)
            {
                problems.Add($"{name} is {Show(node)}; it must be true or false.");
            }
            else if (flag.Value && matters)
            {
                problems.Add($"{name} is true, which AlgoLens does not compute ({why}); set it to false or remove the field.");
            }
        }

        /// <summary>A flag that must be true (absent or null counts as true, TransformerLens's default).</summary>
        public void RequireTrue(string name, string why)
        {
            if (!config.TryGetPropertyValue(name, out var node) || node is null)
            {
                return;
            }
            bool? flag = Bool(name);
            if (flag is null)
            {
                problems.Add($"{name} is {Show(node)}; it must be true or false.");
            }
            else if (!flag.Value)
            {
                problems.Add($"{name} is false, which AlgoLens does not compute ({why}); set it to true or remove the field.");
            }
        }

        /// <summary>
        /// A number that must be <paramref name="unset"/> (TransformerLens's "not set"), absent, null, or
        /// within a relative 1e-6 of <paramref name="expected"/> (TransformerLens writes the float64 it computed).
        /// </summary>
        public void RequireNumber(string name, double? expected, double unset, string why)
        {
            if (!config.TryGetPropertyValue(name, out var node) || node is null)
            {
                return;
            }
            if (node is not JsonValue value || !value.TryGetValue(out double number) || !double.IsFinite(number))
            {
                problems.Add($"{name} is {Show(node)}; it must be a number.");
                return;
            }
            bool same = number == unset || (expected is double e && Math.Abs(number - e) <= 1e-6 * Math.Abs(e));
            if (!same)
            {
                string wanted = expected is double w ? $"{w.ToString("R", CultureInfo.InvariantCulture)} or {unset}" : unset.ToString(CultureInfo.InvariantCulture);
                problems.Add($"{name} is {Show(node)}, which AlgoLens does not compute ({why}); use {wanted} or remove the field.");
            }
        }

        /// <summary>An integer that must be null, absent, or equal to <paramref name="allowed"/>.</summary>
        public void RequireNullOr(string name, int allowed, string why)
        {
            if (!config.TryGetPropertyValue(name, out var node) || node is null)
            {
                return;
            }
            int? number = Int(name);
            if (number is null || number != allowed)
            {
                string fix = allowed > 0 ? $"use null or {allowed}" : "use null";
                problems.Add($"{name} is {Show(node)}, which AlgoLens does not compute ({why}); {fix} or remove the field.");
            }
        }

        /// <summary>dtype: TransformerLens's torch.dtype, written by <c>json.dump(..., default=str)</c> as "torch.float32".</summary>
        public void RequireDtype()
        {
            if (!config.TryGetPropertyValue("dtype", out var node) || node is null)
            {
                return;
            }
            if (Text("dtype") is not ("torch.float32" or "float32" or "fp32"))
            {
                problems.Add($"dtype is {Show(node)}; AlgoLens computes in float32: use \"torch.float32\" or remove the field.");
            }
        }
    }

    /// <summary>Reads a JSON object for config checking, with the same leniency as the config options (comments, trailing commas).</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };
}
