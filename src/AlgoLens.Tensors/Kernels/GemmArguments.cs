namespace AlgoLens.Tensors.Kernels;

/// <summary>Argument checks shared by the GEMM entry points; messages name the sizes involved.</summary>
internal static class GemmArguments
{
    public static void Validate(int batch, bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, long strideA, int bLength, int ldb, long strideB, int cLength, int ldc, long strideC)
    {
        if (batch < 0 || m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException(
                $"Gemm: sizes must not be negative; got batch={batch}, m={m}, n={n}, k={k}.");
        }
        if (strideA < 0 || strideB < 0 || strideC < 0)
        {
            throw new ArgumentException(
                $"Gemm: batch strides must not be negative; got strideA={strideA}, strideB={strideB}, strideC={strideC}.");
        }
        if (batch > 1 && strideC == 0 && m > 0 && n > 0)
        {
            throw new ArgumentException(
                $"Gemm: strideC=0 with batch={batch} would make every product of [m={m}, n={n}] write the same C.");
        }
        // Stored A is [m, k], or [k, m] when transposed; likewise B is [k, n] or [n, k]; C is [m, n].
        CheckOperand("a", "A", transA, transA ? k : m, transA ? m : k, m, n, k, aLength, lda, strideA, batch);
        CheckOperand("b", "B", transB, transB ? n : k, transB ? k : n, m, n, k, bLength, ldb, strideB, batch);
        CheckOperand("c", "C", false, m, n, m, n, k, cLength, ldc, strideC, batch);
    }

    private static void CheckOperand(string span, string name, bool transposed, int rows, int cols,
        int m, int n, int k, int length, int ld, long stride, int batch)
    {
        string stored = $"{name} stored as [{rows}, {cols}]{(transposed ? " (transposed)" : "")}";
        if (ld < cols || ld < 0)
        {
            throw new ArgumentException(
                $"Gemm: ld{span}={ld} is smaller than the {cols} columns of {stored} (m={m}, n={n}, k={k}).", "ld" + span);
        }
        if (batch == 0 || rows == 0 || cols == 0)
        {
            return;
        }
        long needed = (long)(rows - 1) * ld + cols + (long)(batch - 1) * stride;
        if (length < needed)
        {
            string batchPart = batch > 1 ? $", batch={batch} with stride{name}={stride}" : "";
            throw new ArgumentException(
                $"Gemm: {span} has {length} elements but {stored} with ld{span}={ld}{batchPart} needs {needed} (m={m}, n={n}, k={k}).", span);
        }
    }
}
