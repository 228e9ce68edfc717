namespace AlgoLens.Tensors.Autograd;

/// <summary>
/// Whether ops record a graph on the current thread. <see cref="Tensor.NoGrad"/> turns recording off
/// for inference and for optimizer updates.
/// </summary>
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
