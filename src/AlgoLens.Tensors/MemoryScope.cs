namespace AlgoLens.Tensors;

/// <summary>
/// Recycles the memory of op results. Inside a scope, arrays for op outputs and non-leaf
/// gradients come from a per-thread pool and go back to it when the scope is disposed; outside
/// any scope they are ordinary garbage-collected arrays. A training step in a scope allocates
/// nothing once warm, which keeps the large-object heap and gen-2 collections out of the loop.
/// </summary>
/// <remarks>
/// The contract: no tensor created inside a scope may be used after it ends (copy out what you
/// need, e.g. <c>loss.Item()</c>). Parameters and their gradients are never pooled: leaf tensors
/// are created by the user, and leaf gradients are allocated normally.
/// </remarks>
public sealed class MemoryScope : IDisposable
{
    [ThreadStatic]
    private static MemoryScope? current;

    [ThreadStatic]
    private static Dictionary<int, Stack<float[]>>? pool;

    private readonly MemoryScope? parent;
    private readonly List<float[]> rented = [];
    private bool disposed;

    private MemoryScope(MemoryScope? parent) => this.parent = parent;

    /// <summary>Whether a scope is open on this thread.</summary>
    internal static bool IsOpen => current is not null;

    /// <summary>Starts a scope on this thread (scopes nest).</summary>
    public static MemoryScope Begin()
    {
        current = new MemoryScope(current);
        return current;
    }

    /// <summary>Returns every array rented in this scope to the pool.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        if (!ReferenceEquals(current, this))
        {
            // Checked before marking this scope done, so the right Dispose can still end it.
            throw new InvalidOperationException("MemoryScopes must be disposed in reverse order of creation, on the thread that began them.");
        }
        disposed = true;
        pool ??= [];
        foreach (var array in rented)
        {
            if (!pool.TryGetValue(array.Length, out var stack))
            {
                pool[array.Length] = stack = new Stack<float[]>();
            }
            stack.Push(array);
        }
        rented.Clear();
        current = parent;
    }

    /// <summary>
    /// A tensor for scratch work of the caller's own, with unspecified contents: inside a scope its
    /// storage comes from the pool and goes back when the scope ends (so it must not be used after
    /// that); outside any scope it is an ordinary array. For analyses that run the same
    /// computation over many checkpoints, this keeps large temporaries off the large-object heap.
    /// </summary>
    public static Tensor Rent(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new Tensor(Uninitialized(Shape.Size(shape)), shape);
    }

    /// <summary>An array whose contents are unspecified: for outputs an op writes in full.</summary>
    internal static float[] Uninitialized(int length)
    {
        var scope = current;
        if (scope is null || length < 1024)
        {
            // Small arrays are cheap for the GC; pooling pays for the large ones.
            return length == 0 ? [] : GC.AllocateUninitializedArray<float>(length);
        }
        float[] array = pool is not null && pool.TryGetValue(length, out var stack) && stack.Count > 0
            ? stack.Pop()
            : GC.AllocateUninitializedArray<float>(length);
        scope.rented.Add(array);
        return array;
    }

    /// <summary>A zero-filled array.</summary>
    internal static float[] Zeroed(int length)
    {
        var array = Uninitialized(length);
        Array.Clear(array);
        return array;
    }
}
