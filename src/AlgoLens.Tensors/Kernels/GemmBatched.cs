namespace AlgoLens.Tensors.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>Multiply-adds per batch chunk when threads split a batch: enough to amortise
    /// handing a chunk to a thread (a few microseconds).</summary>
    private const long BatchChunkWork = 64 * 1024;

    /// <summary>
    /// <paramref name="batch"/> independent products C_i = (accumulate ? C_i : 0) + op(A_i)·op(B_i)
    /// with the shapes and leading dimensions of <see cref="Multiply"/>. A_i starts at
    /// a[i·strideA], B_i at b[i·strideB] and C_i at c[i·strideC]. strideA or strideB may be 0 to
    /// share one operand; the C_i must not overlap.
    /// </summary>
    /// <remarks>Many small products are spread over threads in whole products; large ones run one
    /// after another, each using all threads. Either way each C_i gets the bits that
    /// <see cref="Multiply"/> would give it.</remarks>
    /// <exception cref="ArgumentException">A size, leading dimension or stride is negative or too small,
    /// strideC is 0 with more than one product, or a span is too short for the sizes given.</exception>
    public static void MultiplyBatched(int batch, bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        Span<float> c, int ldc, long strideC, bool accumulate)
    {
        GemmArguments.Validate(batch, transA, transB, m, n, k, a.Length, lda, strideA, b.Length, ldb, strideB, c.Length, ldc, strideC);
        if (batch == 0 || m == 0 || n == 0)
        {
            return;
        }
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var first = new GemmProblem(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            long work = Math.Max(1L, (long)m * n * Math.Max(k, 1));
            int threads = Parallelism.MaxThreads;
            if (batch == 1 || (batch < 4 * threads && work >= ParallelWorkThreshold))
            {
                // Few large products: each one is worth all threads.
                for (int i = 0; i < batch; i++)
                {
                    var item = first.Offset(i * strideA, i * strideB, i * strideC);
                    Run(in item, allowThreads: true);
                }
                return;
            }
            var job = new BatchJob(first, strideA, strideB, strideC, batch, (int)Math.Clamp(BatchChunkWork / work, 1, batch));
            Parallelism.Cooperate(job.Chunks, job.Work);
        }
    }

    /// <summary>
    /// A fixed cut of the batch into runs of whole products; the threads of a
    /// <see cref="Parallelism.Cooperate"/> team claim runs until none is left.
    /// </summary>
    private sealed class BatchJob(GemmProblem first, long strideA, long strideB, long strideC, int batch, int grain)
    {
        private int nextChunk;

        public int Chunks { get; } = (batch + grain - 1) / grain;

        public void Work()
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref nextChunk) - 1) < Chunks)
            {
                int end = Math.Min(batch, (chunk + 1) * grain);
                for (int i = chunk * grain; i < end; i++)
                {
                    var item = first.Offset(i * strideA, i * strideB, i * strideC);
                    Run(in item, allowThreads: false);
                }
            }
        }
    }
}
