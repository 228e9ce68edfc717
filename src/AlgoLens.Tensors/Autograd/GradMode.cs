namespace AlgoLens.Tensors.Autograd;

/// <summary>
/// Whether ops record a graph on the current thread. <see cref="Tensor.NoGrad"/> turns recording off
/// for inference and for optimizer updates.
/// </summary>
/// <remarks>
/// Per thread ([ThreadStatic]), not scoped like <see cref="ComputeContext"/> (an AsyncLocal that flows
/// into tasks), on purpose: it is PyTorch's semantics (torch.no_grad is thread-local), and a no-grad
/// scope must not leak into work that another thread runs at the same time, such as a sweep worker
/// training while the UI thread evaluates under no-grad. Graph recording happens on the thread that
/// calls the ops (the kernels' helper threads run no ops), so a per-thread flag is exact. It is read
/// by every op (<see cref="Tensor.WillRecord"/>), where a thread-static read is a plain load.
/// </remarks>
public static class GradMode
{
    [ThreadStatic]
    private static int disabledDepth;

    /// <summary>True when ops record what backward needs.</summary>
    public static bool IsEnabled => disabledDepth == 0;

    internal static void Disable() => disabledDepth++;

    internal static void Restore() => disabledDepth--;
}

/// <summary>Disposable scope returned by <see cref="Tensor.NoGrad"/>.</summary>
public readonly struct NoGradScope : IDisposable
{
    internal NoGradScope(bool active)
    {
        if (active)
        {
            GradMode.Disable();
        }
        Active = active;
    }

    private bool Active { get; }

    /// <summary>Ends the scope; recording resumes if it was on before.</summary>
    public void Dispose()
    {
        if (Active)
        {
            GradMode.Restore();
        }
    }
}
