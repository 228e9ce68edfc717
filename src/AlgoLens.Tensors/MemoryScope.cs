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
/// <para>The scope and its pools are per thread ([ThreadStatic]), not scoped like
/// <see cref="ComputeContext"/> (an AsyncLocal that flows into tasks), on purpose: the pools are not
/// locked, and a scope that flowed into a task running beside its owner would have two threads
/// renting and returning in one pool at once. Per thread, every rent and return is unsynchronised and
/// a scope must be disposed on the thread that began it (checked in <see cref="Dispose"/>). Op
/// results are rented on the thread that calls the op.</para>
/// </remarks>
public sealed class MemoryScope : IDisposable
{
    [ThreadStatic]
    private static MemoryScope? current;

    [ThreadStatic]
    private static Dictionary<int, Stack<float[]>>? pool;

    // Index arrays (token-position pairs, gathers' indices, read plans), pooled like op outputs
    // but apart from them: each element type has its own pool, by exact length.
    [ThreadStatic]
    private static Dictionary<int, Stack<int[]>>? intPool;

    [ThreadStatic]
    private static Dictionary<int, Stack<long[]>>? longPool;

    private readonly MemoryScope? parent;
    private readonly List<float[]> rented = [];
    private readonly List<int[]> rentedInts = [];
    private readonly List<long[]> rentedLongs = [];
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
        GiveBack(rented, pool ??= []);
        GiveBack(rentedInts, intPool ??= []);
        GiveBack(rentedLongs, longPool ??= []);
        current = parent;
    }

    private static void GiveBack<T>(List<T[]> arrays, Dictionary<int, Stack<T[]>> into)
    {
        foreach (var array in arrays)
        {
            if (!into.TryGetValue(array.Length, out var stack))
            {
                into[array.Length] = stack = new Stack<T[]>();
            }
            stack.Push(array);
        }
        arrays.Clear();
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

    /// <summary>
    /// An index array with unspecified contents, for callers that write it in full before reading
    /// it (token-position pairs, gathers' indices, read plans): inside a scope it comes from the
    /// pool and goes back when the scope ends (so it must not be used after that); outside any
    /// scope it is an ordinary array. Unlike float storage, index arrays are pooled at any length
    /// (they are few, and the small ones add up to as many bytes per step as the large), so a
    /// step whose shapes repeat allocates none; a length the pool has not seen (a batch with
    /// another number of distinct pairs, say) is allocated once and kept for the next step.
    /// </summary>
    public static int[] RentInts(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return Ints(length);
    }

    /// <summary><see cref="RentInts"/> without the check, for the engine's own callers.</summary>
    internal static int[] Ints(int length) => Rent(length, rent => rent.rentedInts, intPool);

    /// <summary>Like <see cref="Ints"/>, for sort keys.</summary>
    internal static long[] Longs(int length) => Rent(length, rent => rent.rentedLongs, longPool);

    /// <summary>A copy of <paramref name="source"/> in an array from <see cref="Ints"/>: for ops that keep
    /// their indices for the backward, so that the caller may reuse its own.</summary>
    internal static int[] CopyOfInts(ReadOnlySpan<int> source)
    {
        var copy = Ints(source.Length);
        source.CopyTo(copy);
        return copy;
    }

    private static T[] Rent<T>(int length, Func<MemoryScope, List<T[]>> rentedOf, Dictionary<int, Stack<T[]>>? from)
    {
        var scope = current;
        if (length == 0)
        {
            return [];
        }
        if (scope is null)
        {
            return GC.AllocateUninitializedArray<T>(length);
        }
        T[] array = from is not null && from.TryGetValue(length, out var stack) && stack.Count > 0
            ? stack.Pop()
            : GC.AllocateUninitializedArray<T>(length);
        rentedOf(scope).Add(array);
        return array;
    }

    /// <summary>
    /// Float storage that never leaves the op that rents it (statistics kept for the backward,
    /// partial sums, score tables), with unspecified contents: pooled at any length inside a scope,
    /// unlike <see cref="Uninitialized"/>, whose small arrays are op outputs that careless callers
    /// may read after the scope.
    /// </summary>
    internal static float[] Scratch(int length) => Rent(length, rent => rent.rented, pool);

    /// <summary><see cref="Scratch"/>, zero-filled.</summary>
    internal static float[] ScratchZeroed(int length)
    {
        var array = Scratch(length);
        Array.Clear(array);
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
