using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>Small dense double matrices (double[rows, cols]) for circuit and spectrum analysis.</summary>
public static class DenseMatrix
{
    /// <summary>A 2-D tensor as a double matrix.</summary>
    public static double[,] FromTensor(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Rank != 2)
        {
            throw new ArgumentException($"Expected a matrix (2-D tensor); got shape {matrix.ShapeString}. Slice a stacked weight with FromTensor(tensor, index).");
        }
        return FromSpan(matrix.Data, matrix.Shape[0], matrix.Shape[1]);
    }

    /// <summary>Matrix <paramref name="index"/> of a stack [n, rows, cols], e.g. one head of W_Q [n_heads, d_model, d_head].</summary>
    public static double[,] FromTensor(Tensor stack, int index)
    {
        ArgumentNullException.ThrowIfNull(stack);
        if (stack.Rank != 3 || (uint)index >= (uint)stack.Shape[0])
        {
            throw new ArgumentException($"Expected a stack of matrices [n, rows, cols] and an index below n; got shape {stack.ShapeString} and index {index}.");
        }
        int rows = stack.Shape[1], cols = stack.Shape[2];
        return FromSpan(stack.Data.AsSpan(index * rows * cols, rows * cols), rows, cols);
    }

    /// <summary>The product a·b.</summary>
    public static double[,] Multiply(double[,] a, double[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int m = a.GetLength(0), inner = a.GetLength(1), n = b.GetLength(1);
        if (b.GetLength(0) != inner)
        {
            throw new ArgumentException($"Cannot multiply [{m}, {inner}] by [{b.GetLength(0)}, {n}].");
        }
        var result = new double[m, n];
        // i-k-j order: the inner loop walks rows of b and of the result contiguously.
        for (int i = 0; i < m; i++)
        {
            for (int k = 0; k < inner; k++)
            {
                double aik = a[i, k];
                if (aik == 0)
                {
                    continue;
                }
                for (int j = 0; j < n; j++)
                {
                    result[i, j] += aik * b[k, j];
                }
            }
        }
        return result;
    }

    /// <summary>The transpose.</summary>
    public static double[,] Transpose(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int m = a.GetLength(0), n = a.GetLength(1);
        var result = new double[n, m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                result[j, i] = a[i, j];
            }
        }
        return result;
    }

    /// <summary>The identity matrix of size n.</summary>
    public static double[,] Identity(int n)
    {
        var result = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            result[i, i] = 1;
        }
        return result;
    }

    /// <summary>The largest absolute entry-wise difference between two matrices of one shape.</summary>
    public static double MaxAbsDifference(double[,] a, double[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
        {
            throw new ArgumentException($"Shapes differ: [{a.GetLength(0)}, {a.GetLength(1)}] and [{b.GetLength(0)}, {b.GetLength(1)}].");
        }
        double max = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                max = Math.Max(max, Math.Abs(a[i, j] - b[i, j]));
            }
        }
        return max;
    }

    private static double[,] FromSpan(ReadOnlySpan<float> data, int rows, int cols)
    {
        var result = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                result[i, j] = data[i * cols + j];
            }
        }
        return result;
    }
}
