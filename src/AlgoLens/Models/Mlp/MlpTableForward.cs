using AlgoLens.Data;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;
using AlgoLens.Models.Components;

namespace AlgoLens.Models.Mlp;

/// <summary>
/// The mlp's plain forward (no hooks) with its first product made per (position, token) rather
/// than per example: the first layer's pre-activation of an example is the sum over positions of
/// W_E[pos, token]·W[pos's block of rows] (concat; the whole W for sum), so the n_ctx·d_vocab
/// products are made once into a table and each example sums n_ctx of its rows
/// (<see cref="Ops.EmbeddingBagSum"/>). The [batch, n_ctx·d_embed] input, its product and that
/// product's two backward products are never made. Hidden layers after it fuse their ReLU into the
/// next product (<see cref="Ops.ReluLinear"/>).
/// </summary>
/// <remarks>
/// Agrees with the general path to rounding (the sums run in another order); a test checks
/// outputs and gradients. It pays when the vocabulary is smaller than the batch: the table's
/// products cost n_ctx·d_vocab rows against the general path's batch rows of n_ctx·d_embed.
/// </remarks>
internal static class MlpTableForward
{
    /// <summary>True when the tables cost fewer rows than the batch's products.</summary>
    public static bool Pays(MlpConfig config, int batch) => config.DVocab < batch;

    /// <summary>Logits [batch, 1, d_vocab_out], as <see cref="HookedMlp"/>'s general path gives them.</summary>
    public static Tensor Forward(HookedMlp model, TokenBatch tokens)
    {
        var config = model.Config;
        int nCtx = config.NCtx, vocabulary = config.DVocab, embed = config.DEmbed, batch = tokens.Batch;
        var layers = model.Layers;
        // The first product's weights: the first hidden layer's, or the unembedding's when there is none.
        var (w, b) = layers.Count > 0 ? (layers[0].W, layers[0].b) : (model.UnembedComponent.W_U, model.UnembedComponent.b_U);
        int width = w.Shape[1];
        // Concat: position p reads rows p·d_embed.. of W, a [n_ctx, d_embed, width] stack; sum: all positions read W.
        var perPosition = config.Combine == "sum" ? w : Ops.Reshape(w, nCtx, embed, width);
        var table = Ops.Reshape(Ops.MatMul(model.EmbedComponent.W_E, perPosition), nCtx * vocabulary, width); // [n_ctx*d_vocab, width]
        var rows = MemoryScope.RentInts(tokens.Ids.Length); // written in full below; pooled inside a training step's scope
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = i % nCtx * vocabulary + tokens.Ids[i];
        }
        var x = Ops.EmbeddingBagSum(table, rows, nCtx, b); // [batch, width]: the first layer's pre-activations (or the logits)
        if (layers.Count > 0)
        {
            var activation = ActivationNames.Parse(config.ActFn);
            for (int l = 1; l < layers.Count; l++)
            {
                x = Next(x, layers[l].W, layers[l].b, activation);
            }
            x = Next(x, model.UnembedComponent.W_U, model.UnembedComponent.b_U, activation);
        }
        return Ops.Reshape(x, batch, 1, config.OutputVocab); // [batch, 1, d_vocab_out]
    }

    // act(pre)·W + b, the ReLU fused into the product.
    private static Tensor Next(Tensor pre, Tensor w, Tensor b, FusedActivation activation) =>
        activation == FusedActivation.Relu ? Ops.ReluLinear(pre, w, b, addend: null) : Ops.Linear(Ops.Activation(pre, activation), w, b);
}
