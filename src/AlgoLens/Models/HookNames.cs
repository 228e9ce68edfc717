using System.Text.RegularExpressions;

namespace AlgoLens.Models;

/// <summary>
/// TransformerLens's hook point names, and the shorthand that <c>utils.get_act_name</c> accepts. Every
/// API that takes a hook name resolves it here (through <see cref="ResolveIn"/> where the model's
/// hook points are known), so a name that works in one place works in all of them.
/// </summary>
public static partial class HookNames
{
    /// <summary>Token ids [batch, pos] as floats (only with TransformerLens's <c>use_hook_tokens</c>).</summary>
    public const string Tokens = "hook_tokens";

    /// <summary>Token embeddings [batch, pos, d_model].</summary>
    public const string Embed = "hook_embed";

    /// <summary>Positional embeddings [batch, pos, d_model].</summary>
    public const string PosEmbed = "hook_pos_embed";

    /// <summary>The final LayerNorm's output [batch, pos, d_model].</summary>
    public const string LnFinalNormalized = "ln_final.hook_normalized";

    /// <summary>
    /// Expands TransformerLens shorthand to a full hook name, as <c>utils.get_act_name</c>:
    /// ("pattern", 0) is blocks.0.attn.hook_pattern, ("resid_pre", 1) blocks.1.hook_resid_pre,
    /// ("normalized", 0, "ln2") blocks.0.ln2.hook_normalized, ("embed") hook_embed. A full name is
    /// returned unchanged. As in TransformerLens, the layer (and sub-layer) may also be written into
    /// a shorthand without underscores: "pattern0", "k6", "scale4ln1". A negative layer is not
    /// resolved here (the model's size is not known); <see cref="ResolveIn"/> counts it from the end.
    /// </summary>
    public static string Resolve(string name, int? layer = null, string? layerType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal) || name.StartsWith("hook_", StringComparison.Ordinal))
        {
            return name;
        }
        if (layer is null && CompactShorthand().Match(name) is { Success: true } compact)
        {
            name = compact.Groups[1].Value;
            layer = int.Parse(compact.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            layerType = compact.Groups[3].Length > 0 ? compact.Groups[3].Value : layerType;
        }
        string alias = name switch
        {
            "attn" => "pattern",
            "attn_logits" => "attn_scores",
            "mlp_pre" => "pre",
            "mlp_post" => "post",
            _ => name,
        };
        if (alias is "embed" or "pos_embed" or "tokens")
        {
            return "hook_" + alias;
        }
        if (alias is "normalized" or "scale" && layer is null)
        {
            return "ln_final.hook_" + alias;
        }
        if (layer is null)
        {
            throw new ArgumentException($"Hook shorthand '{name}' needs a layer, e.g. (\"{name}\", 0).");
        }
        string b = $"blocks.{layer}.";
        return alias switch
        {
            "resid_pre" or "resid_mid" or "resid_post" or "attn_out" or "mlp_out" => b + "hook_" + alias,
            "q" or "k" or "v" or "z" or "pattern" or "attn_scores" or "result" => b + "attn.hook_" + alias,
            "pre" or "post" => b + "mlp.hook_" + alias,
            "q_input" or "k_input" or "v_input" or "attn_in" or "mlp_in" => b + "hook_" + alias,
            "normalized" or "scale" => b + (layerType ?? "ln1") + ".hook_" + alias,
            _ => throw new ArgumentException($"Unknown hook shorthand '{name}'. Known: tokens, embed, pos_embed, resid_pre, resid_mid, resid_post, attn_out, mlp_out, q, k, v, z, pattern (attn), attn_scores (attn_logits), pre, post, q_input, k_input, v_input, attn_in, mlp_in, normalized, scale."),
        };
    }

    // TransformerLens's get_act_name pattern: letters, a layer, an optional sub-layer ("scale4ln1").
    [GeneratedRegex(@"^([a-z]+)(\d+)([a-z]?.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex CompactShorthand();
}
