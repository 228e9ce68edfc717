using AlgoLens.Fuzz;
using AlgoLens.IO;
using AlgoLens.IO.Torch;

namespace AlgoLens.Tests;

/// <summary>
/// The bounded fuzzing run of CI: a fixed number of executions per target from the corpus in
/// tests/fuzz/corpus, with a fixed seed, so that every run tries the same inputs (no wall clock).
/// Longer runs: <c>dotnet tests/AlgoLens.Fuzz/bin/Release/net10.0/AlgoLens.Fuzz.dll --seconds 600</c>.
/// </summary>
public class FuzzTests
{
    private static string Corpus => Path.Combine(AppContext.BaseDirectory, "fuzz-corpus");

    [Theory]
    [InlineData("safetensors", 6000)]
    [InlineData("config", 6000)]
    [InlineData("tokens", 6000)]
    [InlineData("torch", 600)]
    [InlineData("pickle", 1000)]
    public void EveryInputReadsOrFailsWithADocumentedError(string name, int executions)
    {
        var target = FuzzTarget.Get(name);
        var seeds = Fuzzer.LoadCorpus(Corpus, target);
        Assert.NotEmpty(seeds);
        var result = new Fuzzer(target, seeds, seed: 20261202).Run(executions);
        Assert.Equal(executions, result.Executions);
        Assert.True(result.Crashes.Count == 0, string.Join("\n\n", result.Crashes.Select(c => $"{c.Signature}\ninput (base64): {Convert.ToBase64String(c.Input)}\n{c.Description}")));
    }

    /// <summary>
    /// Views of every shape the probes tried (stride 0, expanded, huge sizes and strides, offsets
    /// past the storage), under a parameter's name or a buffer's, on a 16-float storage: each
    /// imports or fails with a documented error, and none allocates more than a fixed amount, since
    /// the file holds 16 values whatever the view claims.
    /// </summary>
    [Fact]
    public void GeneratedViewsImportOrFailWithADocumentedErrorWithinAFixedAllocation()
    {
        long[] interesting = [0, 0, 0, 1, 1, 2, 3, 4, 5, 8, 16, 17, 1000, 250_000_000, int.MaxValue, (long)int.MaxValue + 1, 1L << 40, long.MaxValue];
        string[] names = ["embed.W_E", "blocks.0.mlp.b_in", "blocks.0.attn.W_Q", "unembed.W_U", "buffers.expanded"];
        var rng = new Xoshiro(20261207);
        string path = Path.Combine(Directory.CreateTempSubdirectory("algolens-views-").FullName, "views.pt");
        try
        {
            for (int i = 0; i < 300; i++)
            {
                int rank = rng.Below(4);
                long[] size = [.. Enumerable.Range(0, rank).Select(_ => interesting[rng.Below(interesting.Length)])];
                long[] stride = [.. Enumerable.Range(0, rank).Select(_ => interesting[rng.Below(interesting.Length)])];
                long offset = rng.OneIn(2) ? 0 : interesting[rng.Below(interesting.Length)];
                long numel = rng.Below(17);
                var builder = TorchSeeds.TinyModel();
                builder.Storage("v", new byte[64]).View(names[rng.Below(names.Length)], "v", "FloatStorage", numel, offset, size, stride);
                File.WriteAllBytes(path, builder.ToBytes());
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    TorchImport.Import(path, TorchTarget.TinyConfig);
                }
                catch (Exception e) when (e is TorchFormatException or SafetensorsFormatException)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < 8 << 20, $"size [{string.Join(", ", size)}] stride [{string.Join(", ", stride)}] offset {offset} numel {numel}: {allocated:N0} bytes");
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
