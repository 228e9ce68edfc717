using System.Buffers.Binary;
using AlgoLens.IO.Torch;

namespace AlgoLens.Tests.IO.Torch;

public class StridedGatherTests
{
    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }
        return bytes;
    }

    private static float[] AsFloats(byte[] bytes) =>
        Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i))).ToArray();

    private static TorchTensorRef View(long numel, long offset, long[] size, long[] stride) =>
        new(new TorchStorageRef("0", TorchDtype.Float32, numel, "cpu"), offset, size, stride);

    [Fact]
    public void ATransposedSliceIsGatheredRowMajor()
    {
        // Storage 0..11 as a [3, 4] matrix; the view is its transpose's rows 1..2: [[1, 5, 9], [2, 6, 10]].
        var storage = Floats(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        var bytes = StridedGather.Gather(storage, View(12, 1, [2, 3], [1, 4]), "t");
        Assert.Equal([1f, 5f, 9f, 2f, 6f, 10f], AsFloats(bytes));
    }

    [Fact]
    public void AViewReachingPastItsStorageIsRefused()
    {
        var storage = Floats(0, 1, 2, 3);
        var error = Assert.Throws<TorchFormatException>(() => StridedGather.Gather(storage, View(4, 1, [2, 2], [2, 1]), "tensor 'w'"));
        Assert.Contains("tensor 'w' reaches element 4 of its storage, which holds 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOverflowingStrideIsRefused()
    {
        var error = Assert.Throws<TorchFormatException>(() => StridedGather.Gather(Floats(0), View(1, 0, [3, 3], [long.MaxValue / 2, 1]), "t"));
        Assert.Contains("too large to be real", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyTensorNeedsNoStorage() =>
        Assert.Empty(StridedGather.Gather([], View(0, 0, [0, 5], [5, 1]), "t"));
}
