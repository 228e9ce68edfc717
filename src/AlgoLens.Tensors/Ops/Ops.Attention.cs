using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    // Queries at 0..count−1, in an array from the scope's pool.
    private static int[] AllQueryPositions(int count)
    {
        var all = MemoryScope.Ints(count);
        for (int i = 0; i < count; i++)
        {
            all[i] = i;
        }
        return all;
    }

    /// <summary>
    /// Fused multi-head attention, for training where nothing needs the intermediate scores:
    /// z = softmax(q·kᵀ/√d_head)·v per head, without materialising permuted copies.
    /// q is [batch, q_pos, head*d_head], k and v are [batch, pos, head*d_head] (the heads side by side
    /// in the last axis); the result z has q's shape. Query i sits at
    /// position <paramref name="queryPositions"/>[i] (or i when null); it sees keys at positions up
    /// to its own when <paramref name="causal"/>, every key otherwise. Work is split over batch
    /// entries, so results do not depend on the thread count.
    /// </summary>
    public static Tensor Attention(Tensor q, Tensor k, Tensor v, int heads, int[]? queryPositions = null, bool causal = true)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(v);
        if (q.Rank != 3 || k.Rank != 3 || !Shape.Equal(k.Dims, v.Dims) || q.Dims[0] != k.Dims[0] || q.Dims[2] != k.Dims[2] || heads < 1 || q.Dims[2] % heads != 0)
        {
            throw new ArgumentException($"Attention: q {q.ShapeString}, k {k.ShapeString}, v {v.ShapeString} with {heads} heads do not fit; need q [batch, q_pos, heads*d_head], k and v [batch, pos, heads*d_head].");
        }
        int batch = q.Dims[0], qLen = q.Dims[1], pos = k.Dims[1], width = q.Dims[2], dh = width / heads;
        var qPos = queryPositions ?? AllQueryPositions(qLen);
        if (qPos.Length != qLen || qPos.Any(p => p < 0 || p >= pos))
        {
            throw new ArgumentException($"Attention: query positions [{string.Join(", ", qPos)}] must give one position in 0..{pos - 1} per query ({qLen}).");
        }
        float scale = 1f / MathF.Sqrt(dh);
        if (AttentionBlockKernels.Supports(dh))
        {
            return BlockAttention(q, k, v, heads, qPos, scale, causal);
        }
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
                        int valid = causal ? qPos[i] + 1 : pos;
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
                            int valid = causal ? qPos[i] + 1 : pos;
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

    // Softmax of a row of a few scores (scalar loops beat vector calls at this length).
    internal static void SoftmaxInPlace(Span<float> p)
    {
        float max = float.NegativeInfinity;
        for (int j = 0; j < p.Length; j++)
        {
            max = MathF.Max(max, p[j]);
        }
        float sum = 0f;
        for (int j = 0; j < p.Length; j++)
        {
            p[j] = MathF.Exp(p[j] - max);
            sum += p[j];
        }
        float inverse = 1f / sum;
        for (int j = 0; j < p.Length; j++)
        {
            p[j] *= inverse;
        }
    }

    // Batch entries per parallel chunk: enough work per chunk to amortise scheduling.
    private const int AttentionGrain = 256;

    // Score entries (head × query × key) per parallel chunk of the block kernels: a few hundred
    // thousand flops, so short sequences still come in chunks of many batch entries.
    private const int AttentionGrainEntries = 8192;

    /// <summary>
    /// <see cref="Attention"/> one (batch entry, head) block at a time through
    /// <see cref="AttentionBlockKernels"/>: the head's keys transposed in cache, scores four queries
    /// by sixteen keys per register tile, the weighted sums accumulated in registers; the backward
    /// likewise (dP = dz·vᵀ, dS, then dq = dS·k and, per key, dv = Pᵀ·dz and dk = dSᵀ·q in one pass).
    /// </summary>
    private static unsafe Tensor BlockAttention(Tensor q, Tensor k, Tensor v, int heads, int[] qPos, float scale, bool causal)
    {
        int batch = q.Dims[0], qLen = q.Dims[1], pos = k.Dims[1], width = q.Dims[2], dh = width / heads;
        int stride = AttentionBlockKernels.PaddedKeys(pos);
        // The keys each query sees: up to itself when causal, all of them otherwise.
        var visible = new int[qPos.Length];
        for (int i = 0; i < visible.Length; i++)
        {
            visible[i] = causal ? qPos[i] + 1 : pos;
        }
        var pattern = MemoryScope.Zeroed(batch * heads * qLen * stride); // [batch, head, q, keys in whole registers]
        var z = MemoryScope.Uninitialized(batch * qLen * width);
        int grain = Math.Clamp(AttentionGrainEntries / (heads * qLen * pos), 1, AttentionGrain);

        Parallelism.ForRanges(batch, grain, (b0, b1) =>
        {
            var scratch = AttentionBlockKernels.Scratch(dh * stride + qLen * stride);
            fixed (float* qp = q.Data, kp = k.Data, vp = v.Data, zp = z, pp = pattern, tp = scratch)
            {
                float* sp = tp + dh * stride; // scores [q, stride]
                for (int b = b0; b < b1; b++)
                {
                    float* qb = qp + (long)b * qLen * width, kb = kp + (long)b * pos * width, vb = vp + (long)b * pos * width;
                    for (int h = 0; h < heads; h++)
                    {
                        int offset = h * dh;
                        float* ph = pp + (long)(b * heads + h) * qLen * stride;
                        AttentionBlockKernels.Transpose(kb, width, offset, pos, dh, tp, stride);
                        AttentionBlockKernels.RowsTimesTransposed(qb, width, offset, qLen, dh, tp, stride, sp, visible);
                        for (int i = 0; i < qLen; i++)
                        {
                            AttentionBlockKernels.ScaledSoftmaxRow(sp + (long)i * stride, ph + (long)i * stride, visible[i], scale);
                        }
                        AttentionBlockKernels.WeightsTimesRows(ph, stride, qLen, visible, vb, width, offset, dh, zp + (long)b * qLen * width, accumulate: false);
                    }
                }
            }
        });

        return Tensor.FromOp(z, q.Shape, "Attention", [q, k, v], g =>
        {
            var gq = q.RequiresGrad ? q.GradBuffer() : null;
            var gk = k.RequiresGrad ? k.GradBuffer() : null;
            var gv = v.RequiresGrad ? v.GradBuffer() : null;
            Parallelism.ForRanges(batch, grain, (b0, b1) =>
            {
                var scratch = AttentionBlockKernels.Scratch(dh * stride + qLen * stride);
                fixed (float* qp = q.Data, kp = k.Data, vp = v.Data, gp = g, pp = pattern, tp = scratch,
                    gqp = gq, gkp = gk, gvp = gv)
                {
                    float* dsp = tp + dh * stride; // dP, then dS [q, stride]
                    for (int b = b0; b < b1; b++)
                    {
                        long qAt = (long)b * qLen * width, kvAt = (long)b * pos * width;
                        for (int h = 0; h < heads; h++)
                        {
                            int offset = h * dh;
                            float* ph = pp + (long)(b * heads + h) * qLen * stride;
                            AttentionBlockKernels.Transpose(vp + kvAt, width, offset, pos, dh, tp, stride);
                            AttentionBlockKernels.RowsTimesTransposed(gp + qAt, width, offset, qLen, dh, tp, stride, dsp, visible);
                            for (int i = 0; i < qLen; i++)
                            {
                                // dS = P * (dP - sum(P * dP)), then the 1/sqrt(d_head) of the scores; zero past the visible keys.
                                AttentionBlockKernels.SoftmaxBackwardRow(ph + (long)i * stride, dsp + (long)i * stride, visible[i], stride, scale);
                            }
                            if (gqp is not null)
                            {
                                AttentionBlockKernels.WeightsTimesRows(dsp, stride, qLen, visible, kp + kvAt, width, offset, dh, gqp + qAt, accumulate: true);
                            }
                            if (gkp is not null || gvp is not null)
                            {
                                AttentionBlockKernels.KeyGradients(ph, stride, dsp, stride, qLen, visible, pos, gp + qAt, qp + qAt, width,
                                    gvp is null ? null : gvp + kvAt, gkp is null ? null : gkp + kvAt, width, offset, dh);
                            }
                        }
                    }
                }
            });
        });
    }
}
