namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// One product C = (accumulate ? C : 0) + op(A)·op(B) on pinned memory, with strides that hide the
/// transposes: op(A)[i,p] = A[i·ARow + p·ACol] and op(B)[p,j] = B[p·BRow + j·BCol].
/// </summary>
internal readonly unsafe struct GemmProblem
{
    public GemmProblem(bool transA, bool transB, int m, int n, int k,
        float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        TransA = transA;
        TransB = transB;
        M = m;
        N = n;
        K = k;
        A = a;
        Lda = lda;
        B = b;
        Ldb = ldb;
        C = c;
        Ldc = ldc;
        Accumulate = accumulate;
    }

    private GemmProblem(in GemmProblem p, GemmEpilogue epilogue)
        : this(p.TransA, p.TransB, p.M, p.N, p.K, p.A, p.Lda, p.B, p.Ldb, p.C, p.Ldc, p.Accumulate)
    {
        Epilogue = epilogue;
    }

    public bool TransA { get; }
    public bool TransB { get; }
    public int M { get; }
    public int N { get; }
    public int K { get; }
    public float* A { get; }
    public int Lda { get; }
    public float* B { get; }
    public int Ldb { get; }
    public float* C { get; }
    public int Ldc { get; }
    public bool Accumulate { get; }

    /// <summary>Applied to each element of C once its sum is complete (after the last K block).</summary>
    public GemmEpilogue Epilogue { get; }

    /// <summary>The same product with an epilogue.</summary>
    public GemmProblem WithEpilogue(GemmEpilogue epilogue) => new(in this, epilogue);

    public nint ARow => TransA ? 1 : Lda;
    public nint ACol => TransA ? Lda : 1;
    public nint BRow => TransB ? 1 : Ldb;
    public nint BCol => TransB ? Ldb : 1;

    /// <summary>The same problem for another batch entry (batched products have no epilogue).</summary>
    public GemmProblem Offset(long offsetA, long offsetB, long offsetC) =>
        new(TransA, TransB, M, N, K, A + offsetA, Lda, B + offsetB, Ldb, C + offsetC, Ldc, Accumulate);

    /// <summary>Applies the epilogue to all of C (for the paths that do not tile).</summary>
    public void ApplyEpilogueToC()
    {
        if (!Epilogue.IsNone)
        {
            Epilogue.Apply(C, Ldc, 0, M, 0, N);
        }
    }

    /// <summary>C = 0, row by row (rows may be further apart than n).</summary>
    public void ClearC()
    {
        for (int i = 0; i < M; i++)
        {
            new Span<float>(C + (nint)i * Ldc, N).Clear();
        }
    }
}
