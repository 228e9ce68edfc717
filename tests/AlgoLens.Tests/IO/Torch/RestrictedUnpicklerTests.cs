using System.Text;
using AlgoLens.IO.Torch;

namespace AlgoLens.Tests.IO.Torch;

public class RestrictedUnpicklerTests
{
    /// <summary>Pickle bytes from text (one char per byte; binary opcodes as \u00NN escapes, since C#'s \x takes up to four hex digits).</summary>
    private static byte[] Pickle(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case string text:
                    bytes.AddRange(Encoding.Latin1.GetBytes(text));
                    break;
                case byte b:
                    bytes.Add(b);
                    break;
                case byte[] raw:
                    bytes.AddRange(raw);
                    break;
            }
        }
        return [.. bytes];
    }

    private static object? Load(byte[] pickle, Func<object?, object?>? persistent = null) =>
        new RestrictedUnpickler(pickle, "test.pt", persistent ?? (_ => throw new InvalidOperationException("no persistent ids here"))).Load();

    [Fact]
    public void ReadsTheValuesTorchWrites()
    {
        // {'a': (1, -2, 300, 70000), 'b': [1.5, True, None], 'c': -129 as LONG1} at protocol 2.
        var pickle = Pickle("\u0080\u0002}q\u0000(X\u0001\u0000\u0000\u0000a",
            "(K\u0001J\u00fe\u00ff\u00ff\u00ffM\u002c\u0001J\u0070\u0011\u0001\u0000t",
            "X\u0001\u0000\u0000\u0000b]q\u0001(G\u003f\u00f8\u0000\u0000\u0000\u0000\u0000\u0000\u0088Ne",
            "X\u0001\u0000\u0000\u0000c\u008a\u0002\u007f\u00ffu.");
        var dict = Assert.IsType<PickleDict>(Load(pickle));
        Assert.True(dict.TryGet("a", out var a));
        Assert.Equal(new object?[] { 1L, -2L, 300L, 70000L }, Assert.IsType<PickleTuple>(a).Items);
        Assert.True(dict.TryGet("b", out var b));
        Assert.Equal(new object?[] { 1.5, true, null }, Assert.IsType<List<object?>>(b));
        Assert.True(dict.TryGet("c", out var c));
        Assert.Equal(-129L, c);
    }

    [Fact]
    public void MemoRecallsTheSameObject()
    {
        // ([] memoized as 0, then recalled): both elements are one list.
        var tuple = Assert.IsType<PickleTuple>(Load(Pickle("\u0080\u0002]q\u0000h\u0000\u0086.")));
        Assert.Same(tuple[0], tuple[1]);
    }

    [Theory]
    [InlineData("cbuiltins\neval\n(X\u0004\u0000\u0000\u00001+1tR.", "builtins.eval")]
    [InlineData("cposix\nsystem\n(X\u0002\u0000\u0000\u0000idtR.", "posix.system")]
    [InlineData("ctorch.nn.modules.linear\nLinear\n)R.", "torch.nn.modules.linear.Linear")]
    [InlineData("ctorch\nload\n)R.", "torch.load")]
    [InlineData("\u008c\u0002os\u008c\u0006system\u0093.", "os.system")]
    [InlineData("(ibuiltins\nexec\n.", "builtins.exec")]
    [InlineData("ctorch\nFloatStorage\n)R.", "torch.FloatStorage")]
    public void GlobalsOffTheAllowListAreRefusedByName(string body, string global)
    {
        var error = Assert.Throws<UnsafePickleException>(() => Load(Pickle("\u0080\u0002", body)));
        Assert.Equal(global, error.Global);
        Assert.Contains(global, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRefusalComesAtTheGlobalBeforeAnyArgumentIsRead()
    {
        // Nothing follows the GLOBAL: were the name looked up later, this would fail as truncated.
        var error = Assert.Throws<UnsafePickleException>(() => Load(Pickle("\u0080\u0002csubprocess\nPopen\n")));
        Assert.Equal("subprocess.Popen", error.Global);
    }

    [Theory]
    [InlineData("\u0080\u0002}q\u0000", "truncated")]
    [InlineData("\u0080\u0002X\u00ff\u0000\u0000\u0000ab.", "truncated")]
    [InlineData("\u0080\u0002h\u0005.", "memo entry 5, which was never stored")]
    [InlineData("\u0080\u0002K\u0001K\u0002.", "2 values on its stack")]
    [InlineData("\u0080\u0002K\u0001s.", "stack is empty")]
    [InlineData("\u0080\u0002)\u0081.", "opcode 0x81")]
    [InlineData("\u0080\u0009N.", "protocol 9")]
    [InlineData("\u0080\u0002]K\u0001b.", "BUILD sets an int on a list")]
    public void DamagedPicklesAreRefusedWithWhereAndWhat(string pickle, string expected)
    {
        var error = Assert.Throws<TorchFormatException>(() => Load(Pickle(pickle)));
        Assert.IsNotType<UnsafePickleException>(error);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATensorIsRebuiltFromItsPersistentStorage()
    {
        var storage = new TorchStorageRef("0", TorchDtype.Float32, 6, "cpu");
        object? seenId = null;
        // _rebuild_tensor_v2(persid(('storage', torch.FloatStorage, '0', 'cpu', 6)), 1, (2, 2), (1, 2), False, OrderedDict())
        var pickle = Pickle("\u0080\u0002ctorch._utils\n_rebuild_tensor_v2\n((X\u0007\u0000\u0000\u0000storagectorch\nFloatStorage\nX\u0001\u0000\u0000\u00000X\u0003\u0000\u0000\u0000cpuK\u0006tQ",
            "K\u0001K\u0002K\u0002\u0086K\u0001K\u0002\u0086\u0089ccollections\nOrderedDict\n)RtR.");
        var tensor = Assert.IsType<TorchTensorRef>(Load(pickle, id => { seenId = id; return storage; }));
        Assert.Same(storage, tensor.Storage);
        Assert.Equal(1, tensor.Offset);
        Assert.Equal([2L, 2L], tensor.Size);
        Assert.Equal([1L, 2L], tensor.Stride);
        var id = Assert.IsType<PickleTuple>(seenId);
        Assert.Equal("torch.FloatStorage", Assert.IsType<PickleToken>(id[1]).FullName);
    }
}
