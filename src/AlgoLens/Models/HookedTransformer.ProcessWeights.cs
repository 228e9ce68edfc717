namespace AlgoLens.Models;

public sealed partial class HookedTransformer
{
    /// <summary>
    /// TransformerLens's <c>process_weights</c> (fold_ln, center_writing_weights, center_unembed), as a
    /// new model; this one is left as it is. The result computes the same logits (to float rounding;
    /// with <paramref name="centerUnembed"/>, logits shifted by one constant per position, so the same
    /// log-softmax), in a form easier to read:
    /// <list type="bullet">
    /// <item><paramref name="foldLn"/>: each normalisation's w (and, for LN, b) folded into the weights
    /// that read its output (W_Q, W_K, W_V and b_Q, b_K, b_V after ln1; W_in, b_in after ln2; W_U, b_U
    /// after ln_final), which for LN and LNPre are also centred along d_model; LN becomes LNPre, RMS
    /// becomes RMSPre. A model without normalisation has nothing to fold (a no-op, as in TransformerLens).</item>
    /// <item><paramref name="centerWritingWeights"/>: W_E, W_pos, W_O, b_O, W_out, b_out centred along
    /// d_model (the residual stream's mean is removed by every LayerNorm that reads it, so it carries
    /// nothing). Refused unless the model normalises with LN or LNPre.</item>
    /// <item><paramref name="centerUnembed"/>: W_U and b_U centred along d_vocab (softmax ignores a
    /// constant added to every logit). Only for models whose outputs are logits read through a softmax.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">A step that does not apply to this model, with the reason.</exception>
    public HookedTransformer ProcessWeights(bool foldLn = true, bool centerWritingWeights = true, bool centerUnembed = true) =>
        WeightProcessing.Process(this, foldLn, centerWritingWeights, centerUnembed);
}
