using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Fused multi-head causal attention, for training where nothing needs the intermediate scores:
    /// z = softmax(q·kᵀ/√d_head, causal)·v per head, without materialising permuted copies.
    /// q is [batch, q_pos, head*d_head], k and v are [batch, pos, head*d_head] (the heads side by side
    /// in the last axis); the result z has q's shape. Query i sits at
    /// position <paramref name="queryPositions"/>[i] (or i when null) and sees keys at positions up
    /// to its own. Work is split over batch entries, so results do not depend on the thread count.
    /// </summary>
    public static Tensor Attention(Tensor q, Tensor k, Tensor v, int heads, int[]? queryPositions = null)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(v);
        if (q.Rank != 3 || k.Rank != 3 || !Shape.Equal(k.Dims, v.Dims) || q.Dims[0] != k.Dims[0] || q.Dims[2] != k.Dims[2] || heads < 1 || q.Dims[2] % heads != 0)
        {
            throw new ArgumentException($"Attention: q {q.ShapeString}, k {k.ShapeString}, v {v.ShapeString} with {heads} heads do not fit; need q [batch, q_pos, heads*d_head], k and v [batch, pos, heads*d_head].");
        }
        int batch = q.Dims[0], qLen = q.Dims[1], pos = k.Dims[1], width = q.Dims[2], dh = width / heads;
        var qPos = queryPositions ?? Enumerable.Range(0, qLen).ToArray();
        if (qPos.Length != qLen || qPos.Any(p => p < 0 || p >= pos))
        {
            throw new ArgumentException($"Attention: query positions [{string.Join(", ", qPos)}] must give one position in 0..{pos - 1} per query ({qLen}).");
        }
        float scale = 1f / MathF.Sqrt(dh);
        var pattern = MemoryScope.Zeroed(batch * heads * qLen * pos); // [batch, head, q, pos]
        var z = MemoryScope.Uninitialized(batch * qLen * width);

        Parallelism.ForRanges(batch, AttentionGrain, (b0, b1) =>
        {
            for (int b = b0; b < b1; b++)
            {
                for (int h = 0; h < heads; h++)
                {
                    for (int i = 0; i < qLen; i++)
                    {
                        int valid = qPos[i] + 1;
                        var p = pattern.AsSpan(((b * heads + h) * qLen + i) * pos, valid);
                        var qi = q.Data.AsSpan((b * qLen + i) * width + h * dh, dh);
                        for (int j = 0; j < valid; j++)
                        {
                            p[j] = SmallVector.Dot(qi, k.Data.AsSpan((b * pos + j) * width + h * dh, dh)) * scale;
                        }
                        SoftmaxInPlace(p);
                        var zi = z.AsSpan((b * qLen + i) * width + h * dh, dh);
                        zi.Clear();
                        for (int j = 0; j < valid; j++)
                        {
                            SmallVector.Axpy(p[j], v.Data.AsSpan((b * pos + j) * width + h * dh, dh), zi);
                        }
                    }
                }
            }
        });

        return Tensor.FromOp(z, q.Shape, "Attention", [q, k, v], g =>
        {
            var gq = q.RequiresGrad ? q.GradBuffer() : null;
            var gk = k.RequiresGrad ? k.GradBuffer() : null;
            var gv = v.RequiresGrad ? v.GradBuffer() : null;
            Parallelism.ForRanges(batch, AttentionGrain, (b0, b1) =>
            {
                Span<float> dScores = stackalloc float[pos];
                for (int b = b0; b < b1; b++)
                {
                    for (int h = 0; h < heads; h++)
                    {
                        for (int i = 0; i < qLen; i++)
                        {
                            int valid = qPos[i] + 1;
                            var p = pattern.AsSpan(((b * heads + h) * qLen + i) * pos, valid);
                            var gzi = g.AsSpan((b * qLen + i) * width + h * dh, dh);
                            var ds = dScores[..valid];
                            for (int j = 0; j < valid; j++)
                            {
                                int row = (b * pos + j) * width + h * dh;
                                ds[j] = SmallVector.Dot(gzi, v.Data.AsSpan(row, dh)); // dP
                                if (gv is not null)
                                {
                                    SmallVector.Axpy(p[j], gzi, gv.AsSpan(row, dh));
                                }
                            }
                            // dS = P * (dP - sum(P * dP)), then the 1/sqrt(d_head) of the scores.
                            float dot = SmallVector.Dot(p, ds);
                            for (int j = 0; j < valid; j++)
                            {
                                ds[j] = p[j] * (ds[j] - dot) * scale;
                            }
                            int qRow = (b * qLen + i) * width + h * dh;
                            for (int j = 0; j < valid; j++)
                            {
                                int row = (b * pos + j) * width + h * dh;
                                if (gq is not null)
                                {
                                    SmallVector.Axpy(ds[j], k.Data.AsSpan(row, dh), gq.AsSpan(qRow, dh));
                                }
                                if (gk is not null)
                                {
                                    SmallVector.Axpy(ds[j], q.Data.AsSpan(qRow, dh), gk.AsSpan(row, dh));
                                }
                            }
                        }
                    }
                }
            });
        });
    }

    // Batch entries per parallel chunk: enough work per chunk to amortise scheduling.
    private const int AttentionGrain = 256;
}
