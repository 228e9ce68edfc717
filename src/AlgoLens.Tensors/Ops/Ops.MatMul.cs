using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Matrix product op(a)·op(b), where op transposes the last two axes when asked. Operands are
    /// 2-D ([m, k]·[k, n]) or batched ([..., m, k]·[..., k, n] with equal leading axes); a 2-D
    /// operand is shared by every batch entry of the other (e.g. activations [batch, pos, d]
    /// times a weight [d, n]).
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var p = MatMulPlan.Create(a, b, transposeA, transposeB);
        var c = MemoryScope.Uninitialized(p.Batch * p.M * p.N);

        if (p.FlattenA)
        {
            // [..., m, k]·[k, n] is one [batch*m, k]·[k, n] product: one large GEMM beats many small ones.
            Gemm.Multiply(false, transposeB, p.Batch * p.M, p.N, p.K, a.Data, p.K, b.Data, p.Ldb, c, p.N, accumulate: false);
        }
        else
        {
            Gemm.MultiplyBatched(p.Batch, transposeA, transposeB, p.M, p.N, p.K,
                a.Data, p.Lda, p.StrideA, b.Data, p.Ldb, p.StrideB, c, p.N, (long)p.M * p.N, accumulate: false);
        }

        return Tensor.FromOp(c, p.OutShape, "MatMul", [a, b], g =>
        {
            if (a.RequiresGrad)
            {
                MatMulGradA(p, g, b, a.GradBuffer(), transposeA, transposeB);
            }
            if (b.RequiresGrad)
            {
                MatMulGradB(p, g, a, b.GradBuffer(), transposeA, transposeB);
            }
        });
    }

    // d op(A) = dC·op(B)^T. Stored A is [m, k], or [k, m] when transposed (then dA = op(B)·dC^T).
    private static void MatMulGradA(MatMulPlan p, float[] g, Tensor b, float[] ga, bool transA, bool transB)
    {
        if (p.FlattenA)
        {
            Gemm.Multiply(false, !transB, p.Batch * p.M, p.K, p.N, g, p.N, b.Data, p.Ldb, ga, p.K, accumulate: true);
            return;
        }
        long strideG = (long)p.M * p.N;
        if (p.StrideA == 0)
        {
            // A shared across the batch: its gradient sums every entry's, in batch order.
            for (int i = 0; i < p.Batch; i++)
            {
                var gi = g.AsSpan((int)(i * strideG));
                var bi = b.Data.AsSpan((int)(i * p.StrideB));
                if (!transA)
                {
                    Gemm.Multiply(false, !transB, p.M, p.K, p.N, gi, p.N, bi, p.Ldb, ga, p.K, accumulate: true);
                }
                else
                {
                    Gemm.Multiply(transB, true, p.K, p.M, p.N, bi, p.Ldb, gi, p.N, ga, p.M, accumulate: true);
                }
            }
            return;
        }
        if (!transA)
        {
            Gemm.MultiplyBatched(p.Batch, false, !transB, p.M, p.K, p.N, g, p.N, strideG, b.Data, p.Ldb, p.StrideB, ga, p.K, p.StrideA, accumulate: true);
        }
        else
        {
            Gemm.MultiplyBatched(p.Batch, transB, true, p.K, p.M, p.N, b.Data, p.Ldb, p.StrideB, g, p.N, strideG, ga, p.M, p.StrideA, accumulate: true);
        }
    }

    // d op(B) = op(A)^T·dC. Stored B is [k, n], or [n, k] when transposed (then dB = dC^T·op(A)).
    private static void MatMulGradB(MatMulPlan p, float[] g, Tensor a, float[] gb, bool transA, bool transB)
    {
        if (p.FlattenA)
        {
            int rows = p.Batch * p.M;
            if (!transB)
            {
                Gemm.Multiply(true, false, p.K, p.N, rows, a.Data, p.K, g, p.N, gb, p.N, accumulate: true);
            }
            else
            {
                Gemm.Multiply(true, false, p.N, p.K, rows, g, p.N, a.Data, p.K, gb, p.K, accumulate: true);
            }
            return;
        }
        long strideG = (long)p.M * p.N;
        if (p.StrideB == 0)
        {
            for (int i = 0; i < p.Batch; i++)
            {
                var gi = g.AsSpan((int)(i * strideG));
                var ai = a.Data.AsSpan((int)(i * p.StrideA));
                if (!transB)
                {
                    Gemm.Multiply(!transA, false, p.K, p.N, p.M, ai, p.Lda, gi, p.N, gb, p.N, accumulate: true);
                }
                else
                {
                    Gemm.Multiply(true, transA, p.N, p.K, p.M, gi, p.N, ai, p.Lda, gb, p.K, accumulate: true);
                }
            }
            return;
        }
        if (!transB)
        {
            Gemm.MultiplyBatched(p.Batch, !transA, false, p.K, p.N, p.M, a.Data, p.Lda, p.StrideA, g, p.N, strideG, gb, p.N, p.StrideB, accumulate: true);
        }
        else
        {
            Gemm.MultiplyBatched(p.Batch, true, transA, p.N, p.K, p.M, g, p.N, strideG, a.Data, p.Lda, p.StrideA, gb, p.K, p.StrideB, accumulate: true);
        }
    }

    /// <summary>Shapes, leading dimensions and batch strides of one matrix product.</summary>
    private sealed record MatMulPlan(int Batch, int M, int N, int K, int Lda, int Ldb, long StrideA, long StrideB, bool FlattenA, int[] OutShape)
    {
        public static MatMulPlan Create(Tensor a, Tensor b, bool transA, bool transB)
        {
            if (a.Rank < 2 || b.Rank < 2)
            {
                throw new ArgumentException($"MatMul needs operands of rank 2 or more; got {a.ShapeString} and {b.ShapeString}.");
            }
            int m = transA ? a.Dims[^1] : a.Dims[^2];
            int ka = transA ? a.Dims[^2] : a.Dims[^1];
            int kb = transB ? b.Dims[^1] : b.Dims[^2];
            int n = transB ? b.Dims[^2] : b.Dims[^1];
            string Describe() => $"{a.ShapeString}{(transA ? "ᵀ" : "")} · {b.ShapeString}{(transB ? "ᵀ" : "")}";
            if (ka != kb)
            {
                throw new ArgumentException($"MatMul: inner dimensions differ ({ka} vs {kb}) in {Describe()}.");
            }
            var batchA = a.Dims[..^2].ToArray();
            var batchB = b.Dims[..^2].ToArray();
            if (batchA.Length > 0 && batchB.Length > 0 && !batchA.SequenceEqual(batchB))
            {
                throw new ArgumentException($"MatMul: batch dimensions {Shape.Format(batchA)} and {Shape.Format(batchB)} differ in {Describe()}; they must be equal, or one operand 2-D.");
            }
            var batchShape = batchA.Length > 0 ? batchA : batchB;
            int batch = Shape.Size(batchShape);
            int[] outShape = [.. batchShape, m, n];
            bool flatten = batchA.Length > 0 && batchB.Length == 0 && !transA;
            return new MatMulPlan(batch, m, n, ka,
                Lda: transA ? m : ka,
                Ldb: transB ? ka : n,
                StrideA: batchA.Length > 0 ? (long)m * ka : 0,
                StrideB: batchB.Length > 0 ? (long)ka * n : 0,
                flatten, outShape);
        }
    }
}
