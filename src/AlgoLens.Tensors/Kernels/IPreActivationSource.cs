namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// Where the chunked ReLU kernel (<see cref="MlpKernel"/> with no W1) gets its pre-activations
/// and sends their gradient, when they are not a matrix in memory but made per chunk, in cache: a
/// first layer folded into an attention's tables (the transformer's first-block specialisation, which
/// lives with the models).
/// </summary>
internal unsafe interface IPreActivationSource
{
    /// <summary>Writes the pre-activations of rows [r0, r0 + rows) to <paramref name="target"/>
    /// (d_hidden floats per row). Called for any chunk, from any thread.</summary>
    void Fill(int r0, int rows, float* target);

    /// <summary>
    /// Takes the pre-activation gradient of rows [r0, r0 + rows) × hidden units [h0, h0 + width)
    /// (<paramref name="gradient"/>, <paramref name="width"/> floats per row). For each group the
    /// calls come from one thread, chunk after chunk in row order; groups own disjoint units.
    /// </summary>
    void TakeGradient(int group, int r0, int rows, int h0, int width, float* gradient);
}
