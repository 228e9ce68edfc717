using System.Runtime.InteropServices;

namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// A growable, 64-byte aligned native float buffer for packed panels. Each thread keeps its own
/// (thread-static) so the hot path never allocates; the finalizer frees it when the thread dies.
/// </summary>
internal sealed unsafe class GemmBuffer
{
    private float* data;
    private nint capacity;

    /// <summary>A pointer to at least <paramref name="floats"/> floats; contents are unspecified.</summary>
    public float* Get(nint floats)
    {
        if (floats > capacity)
        {
            NativeMemory.AlignedFree(data);
            data = null;
            capacity = 0;
            // Cache-line alignment keeps every packed sliver's vector loads within one line.
            data = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
            capacity = floats;
        }
        return data;
    }

    ~GemmBuffer()
    {
        NativeMemory.AlignedFree(data);
    }
}
