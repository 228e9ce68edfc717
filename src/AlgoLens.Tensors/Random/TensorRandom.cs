namespace AlgoLens.Tensors.Random;

/// <summary>
/// Tensor factories that draw from an <see cref="Rng"/>, filling elements in row-major order.
/// The results are plain tensors (no grad); wrap them with <see cref="Tensor.Parameter"/> to train.
/// </summary>
public static class TensorRandom
{
    /// <summary>Standard normal entries (as <see cref="Rng.FillNormal"/> with mean 0, std 1).</summary>
    public static Tensor Randn(this Rng rng, params int[] shape) => RandNormal(rng, shape, 0f, 1f);

    /// <summary>Uniform [0, 1) entries (as <see cref="Rng.FillUniform"/> over [0, 1)).</summary>
    public static Tensor Rand(this Rng rng, params int[] shape) => RandUniform(rng, shape, 0f, 1f);

    /// <summary>Normal entries with the given mean and standard deviation.</summary>
    public static Tensor RandNormal(this Rng rng, int[] shape, float mean, float std)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var data = new float[Shape.Size(shape)];
        rng.FillNormal(data, mean, std);
        return new Tensor(data, shape);
    }

    /// <summary>Uniform entries in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor RandUniform(this Rng rng, int[] shape, float low, float high)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var data = new float[Shape.Size(shape)];
        rng.FillUniform(data, low, high);
        return new Tensor(data, shape);
    }
}
