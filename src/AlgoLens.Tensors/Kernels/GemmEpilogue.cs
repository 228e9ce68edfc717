using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// What a product does to each element of C once its sum is complete, applied to each register
/// tile while it is still in L1 instead of in separate passes over C: add a bias per column, then
/// an activation. ReLU records where it passed as bits (one per element, 1/32 of the activations'
/// size); a smooth activation (GELU, SiLU) may write its derivative into a slope matrix beside C.
/// Or the backward of either: keep the element only where such a bit is set (the gradient passes
/// where the ReLU was positive), or multiply it by the stored slope. Last, a residual addend per
/// element may be added.
/// </summary>
/// <remarks>In this order: c = act(c + bias[j]) with bit (i, j) = c &gt; 0 or slope (i, j) = act'(c + bias[j]);
/// or c = bit (i, j) ? c : 0, or c = c·slope (i, j); then c = c + addend (i, j). Each step is the
/// same float operation as the unfused op it replaces (Linear's bias, Ops.Gelu/GeluNew/Silu, their
/// backward's product, Ops.Add), so the fused result has the same bits.</remarks>
public readonly unsafe struct GemmEpilogue
{
    private GemmEpilogue(float* columnBias, FusedActivation activation, uint* bits, int bitWords, bool readBits,
        float* slope = null, int slopeStride = 0, bool readSlope = false, float* addend = null, int addendStride = 0)
    {
        ColumnBias = columnBias;
        Activation = activation;
        Bits = bits;
        BitWords = bitWords;
        ReadBits = readBits;
        Slope = slope;
        SlopeStride = slopeStride;
        ReadSlope = readSlope;
        Addend = addend;
        AddendStride = addendStride;
    }

    /// <summary>Bias per column of C (length n), or null.</summary>
    internal float* ColumnBias { get; }

    /// <summary>The activation applied after the bias.</summary>
    internal FusedActivation Activation { get; }

    /// <summary>Whether finished elements are clamped at zero.</summary>
    internal bool Relu => Activation == FusedActivation.Relu;

    /// <summary>Bits, row-major with <see cref="BitWords"/> 32-bit words per row: written (c &gt; 0) or,
    /// with <see cref="ReadBits"/>, read as the mask. Null for none.</summary>
    internal uint* Bits { get; }

    internal int BitWords { get; }

    internal bool ReadBits { get; }

    /// <summary>A smooth activation's derivative, [m, n] with row stride <see cref="SlopeStride"/>:
    /// written by the forward or, with <see cref="ReadSlope"/>, multiplied in by the backward. Null for none.</summary>
    internal float* Slope { get; }

    internal int SlopeStride { get; }

    internal bool ReadSlope { get; }

    /// <summary>Added to each finished element last, [m, n] with row stride <see cref="AddendStride"/>, or null.</summary>
    internal float* Addend { get; }

    internal int AddendStride { get; }

    /// <summary>Whether this epilogue leaves C as the product made it.</summary>
    internal bool IsNone => ColumnBias == null && Activation == FusedActivation.None && Bits == null && Slope == null && Addend == null;

    /// <summary>Nothing after the product.</summary>
    public static GemmEpilogue None => default;

    /// <summary>32-bit words per row of a bit mask over <paramref name="columns"/> columns.</summary>
    public static int BitWordsPerRow(int columns) => (columns + 31) / 32;

    /// <summary>c = act(c + bias[j]) with act the identity or ReLU; <paramref name="columnBias"/> may be null.</summary>
    /// <remarks>The pointer must stay valid (pinned) for the product's duration.</remarks>
    public static GemmEpilogue BiasActivation(float* columnBias, bool relu) =>
        new(columnBias, relu ? FusedActivation.Relu : FusedActivation.None, null, 0, false);

    /// <summary>
    /// c = relu(c + bias[j]), recording bit (i, j) = c &gt; 0 into <paramref name="bits"/>: an [m,
    /// <see cref="BitWordsPerRow"/>(n)] array of words that must be zero beforehand.
    /// </summary>
    /// <remarks>The pointers must stay valid (pinned) for the product's duration.</remarks>
    public static GemmEpilogue BiasReluRecordingBits(float* columnBias, uint* bits, int bitWords) =>
        new(columnBias, FusedActivation.Relu, bits, bitWords, false);

    /// <summary>c = bit (i, j) set ? c : 0, for bits recorded by <see cref="BiasReluRecordingBits"/>.</summary>
    /// <remarks>The pointer must stay valid (pinned) for the product's duration.</remarks>
    public static GemmEpilogue BitMask(uint* bits, int bitWords) => new(null, FusedActivation.None, bits, bitWords, true);

    /// <summary>
    /// c = act(c + bias[j]) for a smooth activation (GELU, SiLU), writing act'(c + bias[j]) to
    /// <paramref name="slope"/> (i, j) (row stride <paramref name="slopeStride"/>) unless it is null.
    /// </summary>
    /// <remarks>The pointers must stay valid (pinned) for the product's duration.</remarks>
    public static GemmEpilogue BiasSmoothActivation(float* columnBias, FusedActivation activation, float* slope, int slopeStride)
    {
        if (!activation.IsSmooth())
        {
            throw new ArgumentException($"BiasSmoothActivation: {activation} has no stored slope; use BiasActivation or BiasReluRecordingBits.", nameof(activation));
        }
        return new(columnBias, activation, null, 0, false, slope, slopeStride);
    }

    /// <summary>c = c·slope (i, j), for a slope written by <see cref="BiasSmoothActivation"/>: the
    /// backward of the activation applied to the product that makes its output's gradient.</summary>
    /// <remarks>The pointer must stay valid (pinned) for the product's duration.</remarks>
    public static GemmEpilogue SlopeProduct(float* slope, int slopeStride) =>
        new(null, FusedActivation.None, null, 0, false, slope, slopeStride, readSlope: true);

    /// <summary>c = (c + bias[j]) + addend (i, j): a linear layer and the residual add after it in one
    /// pass. <paramref name="columnBias"/> may be null.</summary>
    /// <remarks>The pointers must stay valid (pinned) for the product's duration.</remarks>
    public static GemmEpilogue BiasAddend(float* columnBias, float* addend, int addendStride) =>
        new(columnBias, FusedActivation.None, null, 0, false, addend: addend, addendStride: addendStride);

    /// <summary>Applies the epilogue to rows [i0, i0+rows) × columns [j0, j0+cols) of C, whose element
    /// (i0, j0) is at <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Apply(float* c, nint ldc, int i0, int rows, int j0, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            ApplyRow(c + r * ldc, i0 + r, j0, cols);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyRow(float* c, int i, int j0, int cols)
    {
        if (Slope != null || Addend != null || Activation.IsSmooth())
        {
            ApplyRowElementwise(c, i, j0, cols);
            return;
        }
        if (Bits != null && Vector256.IsHardwareAccelerated)
        {
            ApplyRowWithBits(c, i, j0, cols);
            return;
        }
        float* bias = ColumnBias == null ? null : ColumnBias + j0;
        int width = Vector<float>.Count;
        int j = 0;
        if (Bits == null)
        {
            for (; j + width <= cols; j += width)
            {
                var v = Vector.Load(c + j);
                if (bias != null)
                {
                    v += Vector.Load(bias + j);
                }
                if (Relu)
                {
                    // max(v, 0) with NaN kept, as TensorPrimitives.Max (the unfused ReLU) does.
                    var keep = Vector.GreaterThan(v, Vector<float>.Zero) | Vector.OnesComplement(Vector.Equals(v, v));
                    v = Vector.ConditionalSelect(keep, v, Vector<float>.Zero);
                }
                v.Store(c + j);
            }
        }
        for (; j < cols; j++)
        {
            c[j] = ApplyOne(c[j], i, j0 + j, bias == null ? null : bias + j);
        }
    }

    // Bias, smooth activation or slope product, addend: each a vector pass over the row (still in
    // L1), with scalar tails doing the same float operation per element.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyRowElementwise(float* c, int i, int j0, int cols)
    {
        if (ColumnBias != null)
        {
            AddRow(c, ColumnBias + j0, cols);
        }
        float* slope = Slope == null ? null : Slope + (nint)i * SlopeStride + j0;
        if (Activation.IsSmooth())
        {
            FusedActivations.Smooth(Activation, c, c, slope, cols);
        }
        else if (ReadSlope)
        {
            int width = Vector<float>.Count, j = 0;
            for (; j + width <= cols; j += width)
            {
                (Vector.Load(c + j) * Vector.Load(slope + j)).Store(c + j);
            }
            for (; j < cols; j++)
            {
                c[j] *= slope[j];
            }
        }
        if (Addend != null)
        {
            AddRow(c, Addend + (nint)i * AddendStride + j0, cols);
        }
    }

    // c[j] += a[j] for j < cols.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(float* c, float* a, int cols)
    {
        int width = Vector<float>.Count, j = 0;
        for (; j + width <= cols; j += width)
        {
            (Vector.Load(c + j) + Vector.Load(a + j)).Store(c + j);
        }
        for (; j < cols; j++)
        {
            c[j] += a[j];
        }
    }

    // One element: the scalar definition every vector path must match.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float ApplyOne(float v, int i, int column, float* bias)
    {
        if (bias != null)
        {
            v += *bias;
        }
        if (Relu && !(v > 0f) && !float.IsNaN(v))
        {
            v = 0f;
        }
        if (Bits == null)
        {
            return v;
        }
        uint* word = Bits + (nint)i * BitWords + (column >> 5);
        uint bit = 1u << (column & 31);
        if (ReadBits && (*word & bit) == 0)
        {
            v = 0f;
        }
        else if (!ReadBits && v > 0f)
        {
            // Tiles of different threads can share a word (16-wide tiles): set bits atomically.
            Interlocked.Or(ref *word, bit);
        }
        return v;
    }

    // Sixteen (Vector512) or eight columns at a time, that many bits each. Recorded bits are
    // gathered per 32-bit word and stored once per word: plainly when this call covers all of the
    // word's columns (a 32-wide tile, or a whole row), with Interlocked.Or when another tile may
    // share it (16-wide tiles).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyRowWithBits(float* c, int i, int j0, int cols)
    {
        float* bias = ColumnBias == null ? null : ColumnBias + j0;
        uint* row = Bits + (nint)i * BitWords;
        int j = 0;
        // Scalar up to a byte boundary, then whole groups, then the tail.
        for (; j < cols && ((j0 + j) & 7) != 0; j++)
        {
            c[j] = ApplyOne(c[j], i, j0 + j, bias == null ? null : bias + j);
        }
        uint pending = 0;
        int pendingWord = (j0 + j) >> 5;
        if (Vector512.IsHardwareAccelerated)
        {
            if (((j0 + j) & 15) != 0 && j + 8 <= cols)
            {
                // To a 16-column boundary, so no group of 16 straddles two words.
                Apply8(c, j, j0, bias, row, ref pending, ref pendingWord, cols);
                j += 8;
            }
            var laneBits = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
            for (; j + 16 <= cols; j += 16)
            {
                int column = j0 + j;
                var v = Vector512.Load(c + j);
                if (bias != null)
                {
                    v += Vector512.Load(bias + j);
                }
                if (Relu)
                {
                    var keep = Vector512.GreaterThan(v, Vector512<float>.Zero) | ~Vector512.Equals(v, v);
                    v = Vector512.ConditionalSelect(keep, v, Vector512<float>.Zero);
                }
                int shift = column & 31;
                if (ReadBits)
                {
                    var set = Vector512.Create((int)((row[column >> 5] >> shift) & 0xFFFF)) & laneBits;
                    v = Vector512.ConditionalSelect(~Vector512.Equals(set, Vector512<int>.Zero).AsSingle(), v, Vector512<float>.Zero);
                }
                else
                {
                    if (column >> 5 != pendingWord)
                    {
                        StoreBits(row, pendingWord, pending, j0, cols);
                        pending = 0;
                        pendingWord = column >> 5;
                    }
                    pending |= (uint)Vector512.ExtractMostSignificantBits(Vector512.GreaterThan(v, Vector512<float>.Zero)) << shift;
                }
                v.Store(c + j);
            }
        }
        for (; j + 8 <= cols; j += 8)
        {
            Apply8(c, j, j0, bias, row, ref pending, ref pendingWord, cols);
        }
        if (!ReadBits)
        {
            StoreBits(row, pendingWord, pending, j0, cols);
        }
        for (; j < cols; j++)
        {
            c[j] = ApplyOne(c[j], i, j0 + j, bias == null ? null : bias + j);
        }
    }

    // Columns j..j+7 (j0 + j a multiple of 8) with Vector256: the same operations as ApplyOne.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Apply8(float* c, int j, int j0, float* bias, uint* row, ref uint pending, ref int pendingWord, int cols)
    {
        int column = j0 + j;
        var v = Vector256.Load(c + j);
        if (bias != null)
        {
            v += Vector256.Load(bias + j);
        }
        if (Relu)
        {
            var keep = Vector256.GreaterThan(v, Vector256<float>.Zero) | ~Vector256.Equals(v, v);
            v = Vector256.ConditionalSelect(keep, v, Vector256<float>.Zero);
        }
        int shift = column & 31;
        if (ReadBits)
        {
            var laneBits = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
            var set = Vector256.Create((int)((row[column >> 5] >> shift) & 0xFF)) & laneBits;
            v = Vector256.ConditionalSelect(~Vector256.Equals(set, Vector256<int>.Zero).AsSingle(), v, Vector256<float>.Zero);
        }
        else
        {
            if (column >> 5 != pendingWord)
            {
                StoreBits(row, pendingWord, pending, j0, cols);
                pending = 0;
                pendingWord = column >> 5;
            }
            pending |= Vector256.ExtractMostSignificantBits(Vector256.GreaterThan(v, Vector256<float>.Zero)) << shift;
        }
        v.Store(c + j);
    }

    // Sets the bits of word w of a row; the words start zeroed, so setting is or-ing.
    private static void StoreBits(uint* row, int w, uint bits, int j0, int cols)
    {
        if (bits == 0)
        {
            return;
        }
        bool ownsWord = j0 <= w * 32 && (w + 1) * 32 <= j0 + cols;
        if (ownsWord)
        {
            row[w] |= bits;
        }
        else
        {
            Interlocked.Or(ref row[w], bits);
        }
    }
}
