using AlgoLens.Fuzz;
using AlgoLens.IO;
using AlgoLens.IO.Torch;

namespace AlgoLens.Tests.IO.Torch;

/// <summary>
/// The importer allocates by what a file holds, not by what it claims: expanded views that nobody
/// keeps are never copied, a config is checked against the file's values before the model is
/// built, and zip64 sizes that no file has are format errors. Each measures this thread's
/// allocations around the call (GC.GetAllocatedBytesForCurrentThread), not time.
/// </summary>
public sealed class TorchBoundsTests : IDisposable
{
    private const long SmallAllocation = 16L << 20;

    private readonly string directory = Directory.CreateTempSubdirectory("algolens-torch-bounds-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Expanded_buffers_that_are_not_parameters_are_never_copied()
    {
        // The probe's file with 25,000,000 in place of 250,000,000: copied, the four would take 400 MB.
        string path = Write("expanded.pt", TorchSeeds.WithExpandedBuffers(4, 25_000_000).ToBytes());
        var (result, allocated) = Measure(() => TorchImport.Import(path, TorchTarget.TinyConfig));
        Assert.True(allocated < SmallAllocation, $"the import allocated {allocated:N0} bytes");
        string notes = string.Join("\n", result.Notes);
        Assert.Contains("buffers.expanded_3 (float32 [25000000])", notes, StringComparison.Ordinal);
        // The file's weights are the seeded initialisation of the same config.
        var reference = AlgoLens.Models.ModelKinds.Create(TorchTarget.TinyConfig);
        Assert.Equal(reference.Parameters["embed.W_E"].Data, result.Model.Parameters["embed.W_E"].Data);
    }

    [Fact]
    public void Reading_a_state_dict_copies_no_tensor_until_its_values_are_asked_for()
    {
        string path = Write("expanded.pt", TorchSeeds.WithExpandedBuffers(4, 25_000_000).ToBytes());
        var (stateDict, allocated) = Measure(() => TorchCheckpoint.ReadStateDict(path));
        Assert.True(allocated < SmallAllocation, $"reading allocated {allocated:N0} bytes");
        var expanded = stateDict.Tensors.Single(t => t.Name == "buffers.expanded_0");
        Assert.Equal(25_000_000, expanded.Count);
        Assert.Equal([25_000_000], expanded.Shape);
    }

    [Fact]
    public void An_expanded_view_of_a_kept_parameter_is_copied_at_the_parameters_size()
    {
        var builder = TorchSeeds.TinyModel();
        builder.Storage("one", BitConverter.GetBytes(0.5f)).View("blocks.0.mlp.b_in", "one", "FloatStorage", 1, 0, [16], [0]);
        string path = Write("kept.pt", builder.ToBytes());
        var model = TorchImport.Import(path, TorchTarget.TinyConfig).Model;
        Assert.Equal(Enumerable.Repeat(0.5f, 16), model.Parameters["blocks.0.mlp.b_in"].Data);
    }

    [Fact]
    public void An_expanded_parameter_under_a_config_far_larger_than_the_file_is_refused_before_anything_is_built()
    {
        // W_E [5,000,000, 8] as a stride-0 view of 8 floats: it holds 8 values, not 40 million.
        var builder = TorchSeeds.TinyModel();
        builder.Storage("row", new byte[32]).View("embed.W_E", "row", "FloatStorage", 8, 0, [5_000_000, 8], [0, 1]);
        string path = Write("huge.pt", builder.ToBytes());
        var config = TorchTarget.TinyConfig with { DVocab = 5_000_000 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<SafetensorsFormatException>(() => TorchImport.Import(path, config));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < SmallAllocation, $"the refusal allocated {allocated:N0} bytes");
        Assert.Contains("does not match the weights", error.Message, StringComparison.Ordinal);
        Assert.Contains(config.ParameterCount().ToString("N0"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_far_larger_than_a_good_checkpoint_is_refused_before_the_model_is_built()
    {
        // The probe: good.pt with d_vocab 5,000,000 took 2.57 GB before its shape error.
        var config = TorchTarget.TinyConfig with { DVocab = 5_000_000 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<SafetensorsFormatException>(() => TorchImport.Import(PtFixtures.Path("tiny_state_dict.pt"), config));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < SmallAllocation, $"the refusal allocated {allocated:N0} bytes");
        Assert.Contains("does not match the weights", error.Message, StringComparison.Ordinal);
        Assert.Contains("check d_vocab", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-8L)]
    [InlineData(long.MinValue)]
    public void A_zip64_size_past_two_to_the_63_is_a_format_error(long size)
    {
        var small = new PtBuilder().Floats("embed.W_E", new float[40], 5, 8);
        string path = Write("zip64.pt", PtBuilder.Zip(small.Entries(), ("archive/data.pkl", size)));
        var error = Assert.Throws<TorchFormatException>(() => TorchCheckpoint.ReadStateDict(path));
        Assert.Contains("entry 'archive/data.pkl' has a zip64 size or offset", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_zip64_size_still_reads()
    {
        var small = new PtBuilder().Floats("embed.W_E", [.. Enumerable.Range(0, 40).Select(i => (float)i)], 5, 8);
        string path = Write("zip64.pt", PtBuilder.Zip(small.Entries(), ("archive/data.pkl", small.Pickle().Length)));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (float)i), TorchCheckpoint.ReadStateDict(path).Tensors.Single().ToFloat32());
    }

    [Fact]
    public void A_malformed_size_is_described_as_python_would_write_it_not_as_a_dotnet_type()
    {
        // size ((1, 2),): a tuple where an int belongs.
        // Latin-1 keeps each char one byte (\u0089 is the NEWFALSE opcode).
        byte[] pickle = System.Text.Encoding.Latin1.GetBytes("\u0080\u0002ctorch._utils\n_rebuild_tensor_v2\n((X\u0007\u0000\u0000\u0000storagectorch\nFloatStorage\nX\u0001\u0000\u0000\u00000X\u0003\u0000\u0000\u0000cpuK\u0004tQK\u0000((K\u0001K\u0002tt(K\u0001t\u0089ccollections\nOrderedDict\n)RtR.");
        var storage = new TorchStorageRef("0", TorchDtype.Float32, 4, "cpu");
        var error = Assert.Throws<TorchFormatException>(() => new RestrictedUnpickler(pickle, "t.pt", _ => storage).Load());
        Assert.DoesNotContain("PickleTuple", error.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 0 is (1, 2), not a non-negative int", error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (T Result, long Allocated) Measure<T>(Func<T> action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = action();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
