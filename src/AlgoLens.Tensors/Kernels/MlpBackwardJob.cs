using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// The backward of <see cref="MlpKernel"/> for one micro-kernel family. A lane is the set of
/// hidden groups one thread owns (groups g ≡ lane mod lanes); threads of a
/// <see cref="Parallelism.Cooperate"/> team claim lanes, so a late helper only means the caller
/// runs more lanes. A lane takes its chunks in order, which keeps the weight gradients' K blocks
/// (chunks) in order.
/// </summary>
internal sealed unsafe class MlpBackwardJob<TK> : ThreadCachedJob<MlpBackwardJob<TK>>
    where TK : struct, IGemmMicroKernel
{
    /// <summary>Rows per block of the b1 gradient's column sums, as <c>Ops.ColumnSums</c> has them.</summary>
    private const int ColumnSumRows = 64;

    private const int Block = MlpKernel.Block;

    private readonly Action worker;
    private readonly GemmBuffer partialBuffer = new();
    private LaneBuffers[] laneBuffers = [];
    private MlpOperands o;
    private int chunks, groups, lanes, nextLane;
    private float* partials; // [groups, rows, d_in]: each group's K-block sum of the input gradient
    private int[] groupsDone = []; // per chunk: groups whose partial is written

    private MlpBackwardJob()
    {
        worker = Work;
    }

    public static void Run(in MlpOperands o) =>
        RunRented(static () => new MlpBackwardJob<TK>(), static (MlpBackwardJob<TK> job, in MlpOperands args) => job.Execute(in args), in o);

    private void Execute(in MlpOperands operands)
    {
        o = operands;
        chunks = (o.Rows + Block - 1) / Block;
        groups = (o.DHidden + Block - 1) / Block;
        lanes = Math.Min(groups, Parallelism.MaxThreads);
        partials = o.GradX != null ? partialBuffer.Get((nint)groups * o.Rows * o.DIn) : null;
        if (groupsDone.Length < chunks)
        {
            groupsDone = new int[chunks];
        }
        groupsDone.AsSpan(0, chunks).Clear();
        if (laneBuffers.Length < lanes)
        {
            Array.Resize(ref laneBuffers, lanes);
        }
        for (int lane = 0; lane < lanes; lane++)
        {
            laneBuffers[lane] ??= new LaneBuffers();
        }
        nextLane = 0;
        Parallelism.Cooperate(lanes, worker);
    }

    private void Work()
    {
        int lane;
        while ((lane = Interlocked.Increment(ref nextLane) - 1) < lanes)
        {
            RunLane(lane);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunLane(int lane)
    {
        var buffers = laneBuffers[lane];
        int laneGroups = (groups - lane + lanes - 1) / lanes;
        // Both weights of each owned group, packed once for all chunks.
        nint firstPack = GemmSerial<TK>.PackedBFloats(o.DOut, Block);
        nint secondPack = o.W1 == null ? 0 : GemmSerial<TK>.PackedBFloats(Block, o.DIn);
        float* packed = buffers.Weights.Get(laneGroups * (firstPack + secondPack));
        float* scratchA = buffers.ScratchA.Get(GemmSerial<TK>.ScratchAFloats);
        float* scratchB = buffers.ScratchB.Get(GemmSerial<TK>.ScratchBFloats(Math.Max(Block, Math.Max(o.DIn, o.DOut))));
        float* hiddenGradient = buffers.HiddenGradient.Get((nint)Block * Block);
        float* columnSum = buffers.ColumnSum.Get(Block);
        for (int i = 0; i < laneGroups; i++)
        {
            int g = lane + i * lanes;
            float* first = packed + i * (firstPack + secondPack);
            float* second = first + firstPack;
            GemmSerial<TK>.PackB(HiddenGradientProduct(0, g, null), first);
            if (o.W1 != null)
            {
                GemmSerial<TK>.PackB(InputGradientProduct(0, g, null), second);
            }
        }
        for (int c = 0; c < chunks; c++)
        {
            for (int i = 0; i < laneGroups; i++)
            {
                int g = lane + i * lanes;
                float* first = packed + i * (firstPack + secondPack);
                float* second = first + firstPack;
                BackwardChunk(c, g, first, second, hiddenGradient, columnSum, scratchA, scratchB);
                if (partials != null && Interlocked.Increment(ref groupsDone[c]) == groups)
                {
                    // This thread wrote the chunk's last partial: add them all, in group order.
                    CombinePartials(c);
                }
            }
        }
    }

    private (int R0, int Rows, int H0, int Width) Cut(int chunk, int group)
    {
        int r0 = chunk * Block;
        int h0 = group * Block;
        return (r0, Math.Min(Block, o.Rows - r0), h0, Math.Min(Block, o.DHidden - h0));
    }

    // dHidden[R, G] = (dOutput[R]·W2[G, :]ᵀ) where the ReLU passed, into the lane's chunk buffer
    // (or, for given pre-activations, into their gradient).
    private GemmProblem HiddenGradientProduct(int chunk, int group, float* hiddenGradient)
    {
        var (r0, rows, h0, width) = Cut(chunk, group);
        float* target = o.GradHidden != null ? o.GradHidden + (nint)r0 * o.DHidden + h0 : hiddenGradient;
        int ld = o.GradHidden != null ? o.DHidden : width;
        return new GemmProblem(false, true, rows, width, o.DOut, o.GradOutput + (nint)r0 * o.DOut, o.DOut,
            o.W2 + (nint)h0 * o.DOut, o.DOut, target, ld, accumulate: false)
            .WithEpilogue(o.HiddenGradientEpilogue(r0, h0));
    }

    // partial_G[R] = dHidden[R, G]·W1[:, G]ᵀ: group G's K block of the input gradient.
    private GemmProblem InputGradientProduct(int chunk, int group, float* hiddenGradient)
    {
        var (r0, rows, h0, width) = Cut(chunk, group);
        return new GemmProblem(false, true, rows, o.DIn, width, hiddenGradient, width, o.W1 + h0, o.DHidden,
            Partial(group, r0), o.DIn, accumulate: false);
    }

    private float* Partial(int group, int r0) =>
        partials == null ? null : partials + ((nint)group * o.Rows + r0) * o.DIn;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardChunk(int c, int g, float* packedW2T, float* packedW1T, float* hiddenGradient,
        float* columnSum, float* scratchA, float* scratchB)
    {
        var (r0, rows, h0, width) = Cut(c, g);
        if (o.GradW2 != null)
        {
            // dW2[G, :] += hidden[R, G]ᵀ·dOutput[R]: this chunk is the product's K block c.
            GemmSerial<TK>.Run(new GemmProblem(true, false, width, o.DOut, rows, o.Hidden + (nint)r0 * o.DHidden + h0, o.DHidden,
                o.GradOutput + (nint)r0 * o.DOut, o.DOut, o.GradW2 + (nint)h0 * o.DOut, o.DOut, accumulate: true), null, scratchA, scratchB);
        }
        if (o.GradX == null && o.GradW1 == null && o.GradB1 == null && o.GradHidden == null && o.Source == null)
        {
            return;
        }
        GemmSerial<TK>.Run(HiddenGradientProduct(c, g, hiddenGradient), packedW2T, scratchA, scratchB);
        if (o.Source != null)
        {
            o.Source.TakeGradient(g, r0, rows, h0, width, hiddenGradient);
            return;
        }
        if (o.GradHidden != null)
        {
            return; // pre-activations given: their gradient is all this backward makes besides dW2
        }
        if (o.GradW1 != null)
        {
            // dW1[:, G] += x[R]ᵀ·dHidden[R, G].
            GemmSerial<TK>.Run(new GemmProblem(true, false, o.DIn, width, rows, o.X + (nint)r0 * o.DIn, o.DIn,
                hiddenGradient, width, o.GradW1 + h0, o.DHidden, accumulate: true), null, scratchA, scratchB);
        }
        if (o.GradB1 != null)
        {
            AddColumnSums(hiddenGradient, rows, width, columnSum, o.GradB1 + h0);
        }
        if (o.GradX != null)
        {
            GemmSerial<TK>.Run(InputGradientProduct(c, g, hiddenGradient), packedW1T, scratchA, scratchB);
        }
    }

    // target += column sums of [rows, width], in blocks of 64 rows each summed from +0 and added in
    // order: the order of Ops.ColumnSums (chunks start at multiples of 64).
    private static void AddColumnSums(float* source, int rows, int width, float* sum, float* target)
    {
        var total = new Span<float>(target, width);
        var partial = new Span<float>(sum, width);
        for (int b0 = 0; b0 < rows; b0 += ColumnSumRows)
        {
            partial.Clear();
            for (int r = b0; r < Math.Min(rows, b0 + ColumnSumRows); r++)
            {
                TensorPrimitives.Add(partial, new ReadOnlySpan<float>(source + (nint)r * width, width), partial);
            }
            TensorPrimitives.Add(total, partial, total);
        }
    }

    // The chunk's rows of the input gradient, as the whole-matrix product makes them:
    // (start + partial_0) + partial_1 + ..., where start is the gradient already there, if any.
    private void CombinePartials(int c)
    {
        var (r0, rows, _, _) = Cut(c, 0);
        int width = o.DIn;
        float* start = o.AccumulateGradX ? o.GradX : null;
        float* target = o.GradX;
        for (int r = r0; r < r0 + rows; r++)
        {
            var row = new Span<float>(target + (nint)r * width, width);
            var first = new ReadOnlySpan<float>(Partial(0, r), width);
            if (start != null)
            {
                TensorPrimitives.Add(new ReadOnlySpan<float>(start + (nint)r * width, width), first, row);
            }
            else
            {
                first.CopyTo(row);
            }
            for (int g = 1; g < groups; g++)
            {
                TensorPrimitives.Add(row, new ReadOnlySpan<float>(Partial(g, r), width), row);
            }
        }
    }

    /// <summary>One lane's packed weights and scratch, kept between calls.</summary>
    private sealed class LaneBuffers
    {
        public GemmBuffer Weights { get; } = new();
        public GemmBuffer ScratchA { get; } = new();
        public GemmBuffer ScratchB { get; } = new();
        public GemmBuffer HiddenGradient { get; } = new();
        public GemmBuffer ColumnSum { get; } = new();
    }
}
