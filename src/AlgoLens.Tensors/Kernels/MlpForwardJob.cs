namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// The forward of <see cref="MlpKernel"/> for one micro-kernel family: threads claim chunks of
/// rows and run both products on each, hidden = act(x·W1 + b1) then output = addend +
/// hidden·W2 + b2, while the chunk's hidden rows are still in the core's L2. Both weights are
/// packed once, before the threads start, and shared. The forward sums over no rows, so chunks
/// can go to any thread in any order.
/// </summary>
internal sealed unsafe class MlpForwardJob<TK> : ThreadCachedJob<MlpForwardJob<TK>>
    where TK : struct, IGemmMicroKernel
{
    [ThreadStatic]
    private static GemmBuffer? scratchA;

    private readonly Action worker;
    private readonly GemmBuffer packedWeights = new();
    private MlpOperands o;
    private float* packedW1, packedW2;
    private int chunkRows, chunks, nextChunk;

    private MlpForwardJob()
    {
        worker = Work;
    }

    public static void Run(in MlpOperands o) =>
        RunRented(static () => new MlpForwardJob<TK>(), static (MlpForwardJob<TK> job, in MlpOperands args) => job.Execute(in args), in o);

    private void Execute(in MlpOperands operands)
    {
        o = operands;
        // One packed A block of rows per chunk: whole register tiles, no second A block.
        chunkRows = TK.MC / TK.MR * TK.MR;
        chunks = (o.Rows + chunkRows - 1) / chunkRows;
        nint w1Floats = o.W1 == null ? 0 : GemmSerial<TK>.PackedBFloats(o.DIn, o.DHidden);
        packedW1 = packedWeights.Get(w1Floats + GemmSerial<TK>.PackedBFloats(o.DHidden, o.DOut));
        packedW2 = packedW1 + w1Floats;
        if (o.W1 != null)
        {
            GemmSerial<TK>.PackB(HiddenProduct(0), packedW1);
        }
        GemmSerial<TK>.PackB(OutputProduct(0), packedW2);
        nextChunk = 0;
        Parallelism.Cooperate(Parallelism.MaxThreads, worker);
    }

    private void Work()
    {
        float* a = (scratchA ??= new GemmBuffer()).Get(GemmSerial<TK>.ScratchAFloats);
        int chunk;
        while ((chunk = Interlocked.Increment(ref nextChunk) - 1) < chunks)
        {
            int r0 = chunk * chunkRows, rows = Math.Min(chunkRows, o.Rows - r0);
            if (o.W1 != null)
            {
                GemmSerial<TK>.Run(HiddenProduct(chunk), packedW1, a, null);
            }
            else
            {
                ActivationOfGivenRows(r0, rows);
            }
            if (o.Addend != null && !o.AddsAddendInEpilogue)
            {
                new ReadOnlySpan<float>(o.Addend + (nint)r0 * o.DOut, rows * o.DOut).CopyTo(new Span<float>(o.Output + (nint)r0 * o.DOut, rows * o.DOut));
            }
            GemmSerial<TK>.Run(OutputProduct(chunk), packedW2, a, null);
        }
    }

    // hidden[R] = act(x[R]·W1 + b1), recording the ReLU bits or the slope when a backward will follow.
    private GemmProblem HiddenProduct(int chunk)
    {
        int r0 = chunk * chunkRows, rows = Math.Min(chunkRows, o.Rows - r0);
        var epilogue = o.HiddenEpilogue(r0, o.B1);
        return new GemmProblem(false, false, rows, o.DHidden, o.DIn, o.X + (nint)r0 * o.DIn, o.DIn, o.W1, o.DHidden,
            o.Hidden + (nint)r0 * o.DHidden, o.DHidden, accumulate: false).WithEpilogue(epilogue);
    }

    // hidden[R] = act(pre[R]) for pre-activations given in x or made by the source, recording the bits or slope as the product's
    // epilogue would.
    private void ActivationOfGivenRows(int r0, int rows)
    {
        long offset = (long)r0 * o.DHidden, bytes = (long)rows * o.DHidden * sizeof(float);
        if (o.Source != null)
        {
            o.Source.Fill(r0, rows, o.Hidden + offset);
        }
        else
        {
            Buffer.MemoryCopy(o.X + offset, o.Hidden + offset, bytes, bytes);
        }
        var epilogue = o.HiddenEpilogue(r0, null);
        epilogue.Apply(o.Hidden + offset, o.DHidden, 0, rows, 0, o.DHidden);
    }

    // output[R] = (addend[R], already there) + hidden[R]·W2, then + b2; or (hidden[R]·W2 + b2) + addend[R] in the epilogue.
    private GemmProblem OutputProduct(int chunk)
    {
        int r0 = chunk * chunkRows, rows = Math.Min(chunkRows, o.Rows - r0);
        return new GemmProblem(false, false, rows, o.DOut, o.DHidden, o.Hidden + (nint)r0 * o.DHidden, o.DHidden, o.W2, o.DOut,
            o.Output + (nint)r0 * o.DOut, o.DOut, accumulate: o.Addend != null && !o.AddsAddendInEpilogue).WithEpilogue(o.OutputEpilogue(r0));
    }
}
