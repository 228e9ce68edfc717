using AlgoLens.Fuzz;

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
    public void EveryInputReadsOrFailsWithADocumentedError(string name, int executions)
    {
        var target = FuzzTarget.Get(name);
        var seeds = Fuzzer.LoadCorpus(Corpus, target);
        Assert.NotEmpty(seeds);
        var result = new Fuzzer(target, seeds, seed: 20261202).Run(executions);
        Assert.Equal(executions, result.Executions);
        Assert.True(result.Crashes.Count == 0, string.Join("\n\n", result.Crashes.Select(c => $"{c.Signature}\ninput (base64): {Convert.ToBase64String(c.Input)}\n{c.Description}")));
    }
}
