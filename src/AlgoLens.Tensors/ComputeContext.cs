namespace AlgoLens.Tensors;

/// <summary>
/// The settings one run computes with (today the thread budget of the kernels), current for the
/// code inside <see cref="Use"/>: two runs in one process (a sweep's workers, a test beside a
/// training run) each use their own and never see the other's. Results never depend on it: kernels
/// cut work into the same chunks whatever the thread count, so only the speed changes.
/// </summary>
/// <remarks>
/// The current context is held in an <see cref="AsyncLocal{T}"/>, not a [ThreadStatic]: kernels
/// read it on the thread that calls them, and a run that hands work to tasks or awaits (a progress
/// display, a sweep worker) keeps its setting on whichever thread goes on with it, which a
/// [ThreadStatic] would lose. The helper threads are a process-wide resource and read nothing of
/// their own: each job carries its caller's context to them, so a kernel called inside a job uses
/// the caller's budget.
/// </remarks>
/// <example><code>
/// using (ComputeContext.Use(new ComputeContext(threads: 1)))
/// {
///     // every kernel called here, and in tasks started here, uses one thread
/// }
/// </code></example>
public sealed class ComputeContext
{
    private static readonly AsyncLocal<ComputeContext?> CurrentValue = new();

    /// <summary>A context whose kernels use at most <paramref name="threads"/> threads (at least 1).</summary>
    public ComputeContext(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
    }

    /// <summary>Largest number of threads a kernel may use, the calling thread included.</summary>
    public int Threads { get; }

    /// <summary>The GEMM kernel family forced for this context, or null for the CPU's best (tests use it).</summary>
    internal Kernels.GemmIsa? KernelFamily { get; private init; }

    /// <summary>This context with a forced GEMM kernel family.</summary>
    internal ComputeContext WithKernelFamily(Kernels.GemmIsa family) => new(Threads) { KernelFamily = family };

    /// <summary>What runs outside any <see cref="Use"/> get: one thread per core.</summary>
    public static ComputeContext Default { get; } = new(Environment.ProcessorCount);

    /// <summary>The context of the calling code: the innermost <see cref="Use"/>, else <see cref="Default"/>.</summary>
    public static ComputeContext Current => CurrentValue.Value ?? Default;

    /// <summary>Makes <paramref name="context"/> current until the returned scope is disposed,
    /// which restores the one before (scopes nest).</summary>
    public static Scope Use(ComputeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var previous = CurrentValue.Value;
        CurrentValue.Value = context;
        return new Scope(previous);
    }

    /// <summary>Makes <paramref name="context"/> current on a helper thread for the job it runs
    /// (no scope: the next job sets its own; skipped when already current, as it almost always is).</summary>
    internal static void EnterOnHelper(ComputeContext context)
    {
        if (!ReferenceEquals(CurrentValue.Value ?? Default, context))
        {
            CurrentValue.Value = context;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => KernelFamily is null ? $"ComputeContext(threads: {Threads})" : $"ComputeContext(threads: {Threads}, kernels: {KernelFamily})";

    /// <summary>Restores the context that was current before <see cref="Use"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ComputeContext? previous;

        internal Scope(ComputeContext? previous) => this.previous = previous;

        /// <summary>Restores the previous context.</summary>
        public void Dispose() => CurrentValue.Value = previous;
    }
}
