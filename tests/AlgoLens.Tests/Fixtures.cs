using AlgoLens.Data;
using AlgoLens.IO;
using AlgoLens.Models;

namespace AlgoLens.Tests;

/// <summary>The libtorch parity fixtures (Fixtures/tl-parity, made with libtorch outside this project; see its README).</summary>
internal static class Fixtures
{
    public static string Dir => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "tl-parity");

    public static string Path(string file) => System.IO.Path.Combine(Dir, file);

    public static HookedTransformerConfig Config(string name) =>
        HookedTransformerConfig.FromJson(File.ReadAllText(Path(name + ".config.json")), name);

    public static HookedTransformer Model(string name) => ModelFile.Load(Path(name + ".weights.safetensors"), Config(name));

    public static SafetensorsFile Expected(string name) => SafetensorsFile.Load(Path(name + ".expected.safetensors"));

    public static TokenBatch Tokens(SafetensorsFile expected)
    {
        var entry = expected["tokens"];
        var shape = entry.Shape;
        return new TokenBatch(entry.ToInt64().Select(v => (int)v).ToArray(), shape[0], shape[1]);
    }

    public static int[] Labels(SafetensorsFile expected) => expected["labels"].ToInt64().Select(v => (int)v).ToArray();

    /// <summary>max|actual - expected| / max|expected|, with -inf entries required to match exactly.</summary>
    public static double ScaledError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (float.IsInfinity(expected[i]))
            {
                Assert.Equal(expected[i], actual[i]);
                continue;
            }
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }
        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }
}
