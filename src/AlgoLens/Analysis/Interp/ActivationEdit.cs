using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>Replaces the selected entries of an activation, the shared step of ablation and patching.</summary>
internal static class ActivationEdit
{
    /// <summary>
    /// The activation with the entries where <paramref name="mask"/> is true taken from
    /// <paramref name="source"/> (zero when null). Built from ops so that gradients still reach the
    /// untouched entries, and as fill-then-add rather than a multiply by a 0/1 mask, because
    /// attention scores hold -inf and 0 · -inf would be NaN.
    /// </summary>
    public static Tensor Replace(Tensor activation, Tensor? source, bool[] mask)
    {
        if (source is not null && !source.Shape.SequenceEqual(activation.Shape))
        {
            throw new ArgumentException($"The replacement has shape {source.ShapeString} but the activation has shape {activation.ShapeString}; the source batch must have the same [batch, pos] as the run.");
        }
        var kept = Ops.MaskedFill(activation, mask, 0f);
        if (source is null)
        {
            return kept;
        }
        var inserted = new float[activation.Size];
        for (int i = 0; i < inserted.Length; i++)
        {
            if (mask[i])
            {
                inserted[i] = source.Data[i];
            }
        }
        return kept + new Tensor(inserted, activation.Shape);
    }

    /// <summary>Every example replaced by the batch mean at its position (and all other axes), in double.</summary>
    public static Tensor BatchMean(Tensor activation, int batchForShape)
    {
        int batch = activation.Shape[0];
        int inner = activation.Size / batch;
        var mean = new double[inner];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < inner; i++)
            {
                mean[i] += activation.Data[b * inner + i];
            }
        }
        var shape = activation.Shape;
        shape[0] = batchForShape;
        var result = new float[batchForShape * inner];
        for (int b = 0; b < batchForShape; b++)
        {
            for (int i = 0; i < inner; i++)
            {
                result[b * inner + i] = (float)(mean[i] / batch);
            }
        }
        return new Tensor(result, shape);
    }

    /// <summary>Examples reordered: example b takes example <paramref name="order"/>[b].</summary>
    public static Tensor Reorder(Tensor activation, int[] order)
    {
        int inner = activation.Size / activation.Shape[0];
        var result = new float[activation.Size];
        for (int b = 0; b < order.Length; b++)
        {
            Array.Copy(activation.Data, order[b] * inner, result, b * inner, inner);
        }
        return new Tensor(result, activation.Shape);
    }
}
