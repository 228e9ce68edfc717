using System.Text.RegularExpressions;

namespace AlgoLens.Tests.TestSupport;

/// <summary>
/// Keeps the test projects honest: a test that cannot run here is reported as skipped with its
/// reason (Skip.If / Skip.IfNot in a [SkippableFact] or [SkippableTheory]), never as passed; and no
/// test waits for time to pass (the waits of <see cref="Bounded"/> end on what they wait for).
/// </summary>
public sealed class TestSourcesTests
{
    private static readonly Rule[] Rules =
    [
        new("returns early on a hardware, OS or environment condition, so it reports passed without testing: skip with Skip.If/Skip.IfNot and the reason instead",
            new Regex(@"\bif\s*\((?<condition>[^\n]*?(IsSupported|IsHardwareAccelerated|OperatingSystem\.|RuntimeInformation\.|Environment\.|File\.Exists|Directory\.Exists)[^\n]*?)\)\s*\{?\s*return\s*;")),
        new("drops the cases this machine cannot run from a loop, so they pass untested: make each a case of its own that skips with the reason (see KernelFamilies)",
            new Regex(@"\.Where\([^;]*?\bIsSupported\b")),
        new("waits on the clock: wait on the signal, file or process instead (Bounded)",
            new Regex(@"\bThread\.Sleep\(|\bTask\.Delay\(")),
    ];

    [Fact]
    public void NoTestPassesWithoutTestingOrWaitsOnTheClock()
    {
        var files = TestSources().ToList();
        Assert.True(files.Count > 50, $"found only {files.Count} test sources under {RepositoryRoot()}: the scan looks in the wrong place");
        var offences = files.SelectMany(file => Offences(File.ReadAllText(file)).Select(o => $"{Path.GetRelativePath(RepositoryRoot(), file)}:{o}")).ToList();
        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [Theory]
    [InlineData("if (!Vector512.IsHardwareAccelerated)\n        {\n            return; // other paths elsewhere\n        }")]
    [InlineData("if (OperatingSystem.IsWindows())\n{\n    return;\n}")]
    [InlineData("if (!Avx512F.IsSupported) return;")]
    [InlineData("if (Environment.GetEnvironmentVariable(\"CI\") is null) { return; }")]
    [InlineData("if (!File.Exists(\"/usr/bin/chromium\"))\n    return;")]
    [InlineData("foreach (var isa in new[] { GemmIsa.Avx512, GemmIsa.Avx2 }.Where(Gemm.IsSupported))")]
    [InlineData("Thread.Sleep(HelperThreads.SpinTime * 5);")]
    [InlineData("await Task.Delay(100);")]
    public void EachPatternIsCaught(string source) => Assert.Single(Offences(source));

    [Theory]
    [InlineData("[Theory]\npublic void Sampled(string name)\n{\n    if (TaskRegistry.Create(name) is not ISampledTask task)\n    {\n        return;\n    }\n    Assert.True(true);\n}")]
    [InlineData("[SkippableFact]\npublic void Helper()\n{\n    foreach (var x in xs)\n    {\n        if (x is null) { return; }\n    }\n}")]
    public void AnEarlyReturnInATestMethodIsCaught(string source) => Assert.Single(Offences(source));

    [Theory]
    [InlineData("Skip.IfNot(Vector512.IsHardwareAccelerated, \"needs AVX-512\");")]
    [InlineData("private static int Helper(Task? task)\n{\n    if (task is null)\n    {\n        return;\n    }\n}")]
    [InlineData("[Fact]\npublic void Returns()\n{\n    Assert.Equal(2, Run(() => { return 2; }));\n}")]
    [InlineData("if (File.Exists(marker))\n{\n    File.Delete(marker);\n}")]
    [InlineData("Bounded.ForFile(marker, process);")]
    public void HonestCodeIsLeftAlone(string source) => Assert.Empty(Offences(source));

    private static IEnumerable<string> Offences(string source)
    {
        foreach (var rule in Rules)
        {
            foreach (Match match in rule.Pattern.Matches(source))
            {
                yield return $"{LineOf(source, match.Index)}: `{match.Value.Split('\n')[0].Trim()}` {rule.Why}";
            }
        }
        // Whatever the condition (the kind of task, a missing tool, ...), a test method that returns
        // early reports "passed" for a case it never checked.
        foreach (Match attribute in TestAttribute.Matches(source))
        {
            int open = source.IndexOf('{', attribute.Index);
            if (open < 0)
            {
                continue;
            }
            string body = source[open..BodyEnd(source, open)];
            foreach (Match early in EarlyReturn.Matches(body))
            {
                yield return $"{LineOf(source, open + early.Index)}: `return;` in a test method reports passed without testing: skip with Skip.If/Skip.IfNot and the reason, or give the case no data";
            }
        }
    }

    private static readonly Regex TestAttribute = new(@"\[(Skippable)?(Fact|Theory)\b");
    private static readonly Regex EarlyReturn = new(@"\breturn\s*;");

    private static int LineOf(string source, int index) => source.AsSpan(0, index).Count('\n') + 1;

    // The index after the brace that closes the one at `open` (or the end of the text).
    private static int BodyEnd(string source, int open)
    {
        int depth = 0;
        for (int i = open; i < source.Length; i++)
        {
            depth += source[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return i + 1;
            }
        }
        return source.Length;
    }

    // The sources of the test projects (tests/*.Tests) and their shared support, not this file
    // (its examples would match) nor the fuzzer and test plug-in, which are programs, not tests.
    private static IEnumerable<string> TestSources()
    {
        string tests = Path.Combine(RepositoryRoot(), "tests");
        return Directory.GetDirectories(tests)
            .Where(d => Path.GetFileName(d).EndsWith(".Tests", StringComparison.Ordinal) || Path.GetFileName(d) == "TestSupport")
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(f) != $"{nameof(TestSourcesTests)}.cs");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AlgoLens.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No AlgoLens.slnx above {AppContext.BaseDirectory}: the test sources are scanned from the repository the tests were built in.");
    }

    private sealed record Rule(string Why, Regex Pattern);
}
