using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>Operands, references and comparisons shared by the GEMM tests.</summary>
internal static class GemmTestData
{
    /// <summary>Sizes around the tile and block edges (MR 4/6/12, NR 8/16/32, KC 256) and primes.</summary>
    public static readonly int[] Sizes = [1, 2, 3, 7, 13, 31, 32, 33, 64, 97, 127, 128, 129, 257, 300];

    public static float[] RandomValues(int length, int seed)
    {
        var rng = new System.Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        return data;
    }

    /// <summary>Elements a stored [rows, cols] matrix needs with leading dimension ld.</summary>
    public static int Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;

    public static float OpA(float[] a, int offset, bool transA, int lda, int i, int p) =>
        transA ? a[offset + p * lda + i] : a[offset + i * lda + p];

    public static float OpB(float[] b, int offset, bool transB, int ldb, int p, int j) =>
        transB ? b[offset + j * ldb + p] : b[offset + p * ldb + j];

    /// <summary>
    /// Checks c against a float64 triple loop: |c - ref| ≤ 1e-5·(|c0| + Σ_k |a||b|) + 1e-30 per element.
    /// </summary>
    public static void AssertClose(bool transA, bool transB, int m, int n, int k, float[] a, int offA, int lda,
        float[] b, int offB, int ldb, float[] c0, float[] c, int offC, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double start = accumulate ? c0[offC + i * ldc + j] : 0;
                double sum = start;
                double magnitude = Math.Abs(start);
                for (int p = 0; p < k; p++)
                {
                    double term = (double)OpA(a, offA, transA, lda, i, p) * OpB(b, offB, transB, ldb, p, j);
                    sum += term;
                    magnitude += Math.Abs(term);
                }
                double got = c[offC + i * ldc + j];
                double tolerance = 1e-5 * magnitude + 1e-30;
                if (!(Math.Abs(got - sum) <= tolerance))
                {
                    Assert.Fail($"C[{i},{j}] = {got}, expected {sum} ± {tolerance} (m={m}, n={n}, k={k}, transA={transA}, transB={transB}, accumulate={accumulate}).");
                }
            }
        }
    }

    /// <summary>
    /// The documented summation order, in plain scalar code: per K block of Gemm.KC, FMAs in
    /// increasing k from +0; block sums added to C in order (first stored unless accumulating).
    /// </summary>
    public static float[] OrderReference(bool transA, bool transB, int m, int n, int k, float[] a, int lda,
        float[] b, int ldb, float[] c0, int ldc, bool accumulate)
    {
        var c = (float[])c0.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float value = accumulate ? c[i * ldc + j] : 0f;
                for (int p0 = 0; p0 < k; p0 += Gemm.KC)
                {
                    float block = 0f;
                    for (int p = p0; p < Math.Min(k, p0 + Gemm.KC); p++)
                    {
                        block = MathF.FusedMultiplyAdd(OpA(a, 0, transA, lda, i, p), OpB(b, 0, transB, ldb, p, j), block);
                    }
                    value = p0 == 0 && !accumulate ? block : value + block;
                }
                c[i * ldc + j] = value;
            }
        }
        return c;
    }

    /// <summary>Asserts bitwise equality and names the first differing element.</summary>
    public static void AssertBitwiseEqual(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} bit for bit.");
            }
        }
    }
}
