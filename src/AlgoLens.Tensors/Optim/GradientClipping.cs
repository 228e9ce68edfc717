using System.Numerics.Tensors;

namespace AlgoLens.Tensors.Optim;

/// <summary>Gradient clipping by global norm, as PyTorch's <c>clip_grad_norm_</c> (L2 norm).</summary>
public static class GradientClipping
{
    /// <summary>
    /// The L2 norm of all gradients taken together, over parameters that require grad and have one.
    /// The squares are summed in double, parameter by parameter and element by element in order, so
    /// the value is the same on every machine and thread count (PyTorch sums per-tensor float32 norms).
    /// </summary>
    public static double GlobalNorm(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sumOfSquares = 0;
        foreach (var p in parameters)
        {
            if (p is null || !p.RequiresGrad || p.Grad is not { } grad)
            {
                continue;
            }
            foreach (float g in grad)
            {
                sumOfSquares += (double)g * g;
            }
        }
        return Math.Sqrt(sumOfSquares);
    }

    /// <summary>
    /// Scales every gradient by <c>min(1, maxNorm / (norm + 1e-6))</c>, PyTorch's coefficient
    /// (so grads are scaled as soon as norm + 1e-6 exceeds maxNorm), and returns the norm measured
    /// before clipping (<see cref="GlobalNorm"/>). The coefficient is computed in double and applied
    /// as a float32 multiply.
    /// </summary>
    /// <param name="parameters">Parameters whose gradients are clipped (frozen or gradient-less ones are ignored).</param>
    /// <param name="maxNorm">The largest allowed global norm (positive).</param>
    /// <param name="errorIfNonFinite">
    /// Throw when the norm is NaN or infinite. When false, such a norm is returned and the gradients
    /// are left as they are (scaling would only turn them into NaNs); the caller should skip the step.
    /// </param>
    /// <exception cref="InvalidOperationException">The norm is not finite and <paramref name="errorIfNonFinite"/> is set.</exception>
    public static double ClipGlobalNorm(IReadOnlyList<Tensor> parameters, double maxNorm, bool errorIfNonFinite = false)
    {
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be finite and positive.");
        }
        double norm = GlobalNorm(parameters);
        if (!double.IsFinite(norm))
        {
            if (errorIfNonFinite)
            {
                throw new InvalidOperationException(
                    $"The total gradient norm is {norm}: a gradient holds NaN or infinity. Lower the learning rate or check the loss.");
            }
            return norm;
        }
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1)
        {
            float scale = (float)coefficient;
            foreach (var p in parameters)
            {
                if (p is not null && p.RequiresGrad && p.Grad is { } grad)
                {
                    TensorPrimitives.Multiply(grad, scale, grad);
                }
            }
        }
        return norm;
    }
}
