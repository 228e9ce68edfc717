namespace AlgoLens.Tasks.InContext;

/// <summary>
/// One prompt of in-context regression: k examples (x_i, y_i) with x_i of width d, and how a prompt
/// is laid out for a transformer. As in Garg et al. 2022 the sequence interleaves the examples,
/// x_1, y_1, x_2, y_2, ..., x_k, y_k (2k positions), and the model predicts y_i at x_i's position,
/// where causal attention has shown it the i - 1 examples before. Each position holds d + 1 values:
/// an x as (x_1..x_d, 0) and a y as (0, ..., 0, y). Garg et al. write y as (y, 0, ..., 0) in the same
/// d slots as x and tell the two apart by position alone; the separate last slot makes the two kinds
/// of position differ in their input too, so that W_E's last row is the direction that carries y.
/// </summary>
public sealed class RegressionPrompt
{
    /// <summary>Wraps examples given as x [k, d] row-major and y [k].</summary>
    /// <exception cref="ArgumentException">The sizes do not fit, or there are no examples.</exception>
    public RegressionPrompt(double[] x, double[] y, int dimension)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (dimension < 1 || y.Length < 1 || x.Length != (long)y.Length * dimension)
        {
            throw new ArgumentException($"A prompt of {y.Length} examples in dimension {dimension} needs {(long)y.Length * dimension} x values; got {x.Length}.");
        }
        X = x;
        Y = y;
        Dimension = dimension;
    }

    /// <summary>The inputs x_1..x_k, [k, d] row-major.</summary>
    public double[] X { get; }

    /// <summary>The outputs y_1..y_k.</summary>
    public double[] Y { get; }

    /// <summary>The width d of each x.</summary>
    public int Dimension { get; }

    /// <summary>The number of examples k.</summary>
    public int Count => Y.Length;

    /// <summary>Values per position of the layout: d + 1.</summary>
    public static int Width(int dimension) => dimension + 1;

    /// <summary>The position of x_{n+1}, where the model predicts y with n examples before it: 2n.</summary>
    public static int QueryPosition(int examplesBefore) => 2 * examplesBefore;

    /// <summary>x_i (0-based <paramref name="index"/>).</summary>
    public ReadOnlySpan<double> Input(int index) => X.AsSpan(index * Dimension, Dimension);

    /// <summary>Writes the layout into <paramref name="values"/>, [2k, d + 1] row-major, rounding to float.</summary>
    public void WriteTo(Span<float> values)
    {
        int width = Width(Dimension);
        if (values.Length != 2 * Count * width)
        {
            throw new ArgumentException($"The layout of {Count} examples in dimension {Dimension} is {2 * Count} × {width} values; got room for {values.Length}.");
        }
        values.Clear();
        for (int i = 0; i < Count; i++)
        {
            var xSlot = values.Slice(QueryPosition(i) * width, width);
            for (int j = 0; j < Dimension; j++)
            {
                xSlot[j] = (float)X[i * Dimension + j];
            }
            values[(QueryPosition(i) + 1) * width + Dimension] = (float)Y[i];
        }
    }

    /// <summary>
    /// Reads a prompt back from its layout, [2k, d + 1] values, checking that every slot has the
    /// shape of its kind (an x with 0 in the y slot, a y with 0 in every x slot).
    /// </summary>
    /// <exception cref="ArgumentException">The values are not the layout of a prompt in dimension <paramref name="dimension"/>.</exception>
    public static RegressionPrompt Read(ReadOnlySpan<float> values, int dimension)
    {
        int width = Width(dimension);
        if (dimension < 1 || values.Length == 0 || values.Length % (2 * width) != 0)
        {
            throw new ArgumentException($"{values.Length} values are not the layout of a prompt in dimension {dimension} (2k positions of {width} values).");
        }
        int count = values.Length / (2 * width);
        var x = new double[count * dimension];
        var y = new double[count];
        for (int i = 0; i < count; i++)
        {
            var xSlot = values.Slice(QueryPosition(i) * width, width);
            var ySlot = values.Slice((QueryPosition(i) + 1) * width, width);
            if (xSlot[dimension] != 0f || ySlot[..dimension].ContainsAnyExcept(0f))
            {
                throw new ArgumentException($"Positions {QueryPosition(i)} and {QueryPosition(i) + 1} are not an x (x_1..x_d, 0) followed by a y (0, ..., 0, y).");
            }
            for (int j = 0; j < dimension; j++)
            {
                x[i * dimension + j] = xSlot[j];
            }
            y[i] = ySlot[dimension];
        }
        return new RegressionPrompt(x, y, dimension);
    }
}
