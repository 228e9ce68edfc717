using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Models.ToySuperposition;

namespace AlgoLens.Training.Memory;

/// <summary>
/// Floats of activation one example's forward pass keeps, an upper bound from the config's sizes
/// (every position counted as read, every intermediate counted as kept).
/// </summary>
public static class ActivationSize
{
    /// <summary>
    /// Per example. Transformer, with L = n_ctx, D = d_model, W = n_heads·d_head, H = n_heads,
    /// M = d_mlp (0 when attention-only), V = d_vocab_out:
    /// n_layers·L·(8D + 5W + 3H·L + 3M) + L·(4D + 2V) — the residual stream and its normalised
    /// copies, q, k, v, z and the output, scores, pattern and mask, the MLP's pre- and
    /// post-activation and its nonlinearity's intermediate, the embeddings, the logits and their
    /// log-softmax. The mlp and toy-superposition kinds count their layers' widths likewise; a kind
    /// registered by a user counts 0, so that only its dataset and parameters are estimated.
    /// </summary>
    public static long FloatsPerExample(IModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        switch (config)
        {
            case HookedTransformerConfig t:
            {
                long l = t.NCtx, d = t.DModel, w = (long)t.NHeads * t.DHead, h = t.NHeads, m = t.AttnOnly ? 0 : t.DMlp;
                long perLayer = MemoryEstimate.Product(l, 8 * d + 5 * w + 3 * h * l + 3 * m);
                return MemoryEstimate.Sum(MemoryEstimate.Product(t.NLayers, perLayer), l * (4 * d + 2L * t.OutputVocab));
            }
            case MlpConfig m:
            {
                long hidden = m.DHidden.Sum(x => (long)x);
                return (long)m.NCtx * m.DEmbed * 2 + 3 * hidden + 2L * (m.DVocabOut <= 0 ? m.DVocab : m.DVocabOut);
            }
            case ToySuperpositionConfig s:
                return (long)s.NInstances * (4L * s.NFeatures + 2L * s.DHidden);
            default:
                return 0;
        }
    }
}
