using System.Numerics;
using System.Runtime.CompilerServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// What a product does to each element of C once its sum is complete, applied to each register
/// tile while it is still in L1 instead of in separate passes over C: add a bias per column, then
/// clamp at zero (ReLU), then keep the element only where a mask matrix is positive (the ReLU
/// backward: the gradient passes where the activation was positive).
/// </summary>
/// <remarks>In this order: c = mask[i, j] &gt; 0 ? act(c + bias[j]) : 0.</remarks>
public readonly unsafe struct GemmEpilogue
{
    private GemmEpilogue(float* columnBias, bool relu, float* mask, int ldMask)
    {
        ColumnBias = columnBias;
        Relu = relu;
        Mask = mask;
        LdMask = ldMask;
    }

    /// <summary>Bias per column of C (length n), or null.</summary>
    internal float* ColumnBias { get; }

    /// <summary>Whether finished elements are clamped at zero.</summary>
    internal bool Relu { get; }

    /// <summary>An [m, n] matrix (row stride <see cref="LdMask"/>): C is zeroed where it is ≤ 0. Null for none.</summary>
    internal float* Mask { get; }

    internal int LdMask { get; }

    /// <summary>Whether this epilogue leaves C as the product made it.</summary>
    internal bool IsNone => ColumnBias == null && !Relu && Mask == null;

    /// <summary>Nothing after the product.</summary>
    public static GemmEpilogue None => default;

    /// <summary>c = act(c + bias[j]) with act the identity or ReLU; <paramref name="columnBias"/> may be null.</summary>
    /// <remarks>The pointer must stay valid (pinned) for the product's duration.</remarks>
    public static GemmEpilogue BiasActivation(float* columnBias, bool relu) => new(columnBias, relu, null, 0);

    /// <summary>c = mask[i, j] &gt; 0 ? c : 0, for an [m, n] mask with row stride <paramref name="ldMask"/>.</summary>
    /// <remarks>The pointer must stay valid (pinned) for the product's duration.</remarks>
    public static GemmEpilogue PositiveMask(float* mask, int ldMask) => new(null, false, mask, ldMask);

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
        float* bias = ColumnBias == null ? null : ColumnBias + j0;
        float* mask = Mask == null ? null : Mask + (nint)i * LdMask + j0;
        int width = Vector<float>.Count;
        int j = 0;
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
            if (mask != null)
            {
                v = Vector.ConditionalSelect(Vector.GreaterThan(Vector.Load(mask + j), Vector<float>.Zero), v, Vector<float>.Zero);
            }
            v.Store(c + j);
        }
        for (; j < cols; j++)
        {
            float v = c[j];
            if (bias != null)
            {
                v += bias[j];
            }
            if (Relu && !(v > 0f) && !float.IsNaN(v))
            {
                v = 0f;
            }
            if (mask != null && !(mask[j] > 0f))
            {
                v = 0f;
            }
            c[j] = v;
        }
    }
}
