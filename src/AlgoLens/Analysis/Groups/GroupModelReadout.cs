using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Groups;
using AlgoLens.Tensors;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Groups;

/// <summary>
/// What the universality analysis reads of a group-composition model over all |G|² inputs
/// <c>a b =</c>: the elements' embeddings, the neurons' pre-activations and the logits. It reads
/// the transformer (embed.W_E, the last block's mlp.hook_pre at <c>=</c>) and the mlp kind
/// (embed.W_E of the two operand positions side by side, layers.0.hook_pre), the kinds of the paper.
/// </summary>
public static class GroupModelReadout
{
    private const int RowsPerPass = 512;

    /// <summary>The group a task composes in: the group task's, S5 for <c>s5_compose</c> (the same elements in the same order); null for other tasks.</summary>
    public static FiniteGroup? GroupOf(ITask task) => task switch
    {
        GroupTask g => g.Group,
        S5CompositionTask => GroupFamilies.Symmetric(5),
        _ => null,
    };

    /// <summary>Null when the analysis applies to <paramref name="run"/>; otherwise why not.</summary>
    public static string? WhyNot(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (GroupOf(run.Task) is not { } group)
        {
            return $"defined for group composition (tasks group and s5_compose); task '{run.Task.Name}' is not one";
        }
        if (GroupIrreps.WhyNot(group) is { } tooLarge)
        {
            return tooLarge;
        }
        int n = group.Order;
        return run.Info.ModelConfig switch
        {
            HookedTransformerConfig t when t.AttnOnly => "the model is attention-only; the neuron measures need an MLP",
            HookedTransformerConfig t when t.DVocab < n + 1 || t.OutputVocab != n || t.NCtx < 3 => $"the model does not read 'a b =' over {n} elements (needs d_vocab ≥ {n + 1}, d_vocab_out = {n}, n_ctx ≥ 3)",
            HookedTransformerConfig => null,
            MlpConfig m when m.NLayers < 1 => "the mlp has no hidden layer; the neuron measures need one",
            MlpConfig m when m.DVocab < n + 1 || m.OutputVocab != n || m.NCtx != 3 => $"the mlp does not read 'a b =' over {n} elements (needs d_vocab ≥ {n + 1}, d_vocab_out = {n}, n_ctx = 3)",
            MlpConfig => null,
            _ => $"defined for the transformer and mlp kinds; the model kind is '{run.Info.ModelKind}'",
        };
    }

    /// <summary>Embedding [n, width], neurons [n², width] (row a·n + b) and logits [n², n] of <paramref name="model"/> over a group of <paramref name="n"/> elements.</summary>
    /// <exception cref="ArgumentException">The model is neither a transformer with an MLP nor an mlp with a hidden layer.</exception>
    public static (float[] Embedding, float[] Neurons, float[] Logits) Read(IModel model, int n)
    {
        ArgumentNullException.ThrowIfNull(model);
        (float[] embedding, string neuronHook) = model switch
        {
            HookedTransformer t when !t.Config.AttnOnly => (t["embed.W_E"].Data.AsSpan(0, n * t.Config.DModel).ToArray(), $"blocks.{t.Config.NLayers - 1}.mlp.hook_pre"),
            HookedMlp m when m.Config.NLayers >= 1 => (OperandEmbeddings(m, n), "layers.0.hook_pre"),
            _ => throw new ArgumentException($"The universality analysis reads a transformer with an MLP or an mlp with a hidden layer; the model is a '{model.Kind}' without one.", nameof(model)),
        };
        int rows = n * n;
        float[]? neurons = null;
        var logits = new float[rows * n];
        using var noGrad = Tensor.NoGrad();
        for (int start = 0; start < rows; start += RowsPerPass)
        {
            int count = Math.Min(RowsPerPass, rows - start);
            using var pass = MemoryScope.Begin();
            var ids = new int[count * 3];
            for (int i = 0; i < count; i++)
            {
                ids[i * 3] = (start + i) / n;
                ids[i * 3 + 1] = (start + i) % n;
                ids[i * 3 + 2] = n;
            }
            var (output, cache) = model.RunWithCache(new TokenBatch(ids, count, 3), name => name == neuronHook, outputPositions: [2]);
            CopyLast(output, logits, start, n);
            Tensor pre = cache[neuronHook];
            int width = pre.Shape[^1];
            neurons ??= new float[rows * width];
            CopyLast(pre, neurons, start, width);
        }
        return (embedding, neurons!, logits);
    }

    // The mlp's operand embeddings [n, 2·d_embed]: row g is g's embedding at position 0, then at position 1.
    private static float[] OperandEmbeddings(HookedMlp model, int n)
    {
        var w = model["embed.W_E"]; // [n_ctx, d_vocab, d_embed]
        int vocab = w.Shape[1], width = w.Shape[2];
        var result = new float[n * 2 * width];
        for (int g = 0; g < n; g++)
        {
            for (int position = 0; position < 2; position++)
            {
                Array.Copy(w.Data, (position * vocab + g) * width, result, (g * 2 + position) * width, width);
            }
        }
        return result;
    }

    // x [count, (pos,) width] at its last position into rows start.. of into [rows, width].
    private static void CopyLast(Tensor x, float[] into, int start, int width)
    {
        int count = x.Shape[0], positions = x.Rank == 3 ? x.Shape[1] : 1;
        for (int i = 0; i < count; i++)
        {
            Array.Copy(x.Data, ((i * positions) + positions - 1) * width, into, (start + i) * width, width);
        }
    }
}
