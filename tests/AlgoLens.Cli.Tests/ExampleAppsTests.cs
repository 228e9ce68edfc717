using System.Diagnostics;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// Runs each walk-through under examples/ as a user would, <c>dotnet run -c Release examples/X.cs RUN_DIR</c>
/// (a .NET 10 file-based app: the SDK builds it, with the AlgoLens project it references, into a
/// folder of its own under ~/.local/share/dotnet/runfile), and checks that it exits 0 and prints the
/// findings it asserts. Each example checks its own findings and exits non-zero when one does not
/// hold, so a change to the library that breaks a walk-through's story fails here.
/// </summary>
/// <remarks>
/// One process per example, run with <c>dotnet run</c> rather than compiled into this project, so
/// that what is tested is what the README tells users to type, file-based-app settings included
/// (<c>#:project</c>, <c>#:property PublishAot=false</c>). The referenced AlgoLens project is already
/// built in Release by the test run, so each <c>dotnet run</c> only compiles the one file.
/// </remarks>
public sealed class ExampleAppsTests
{
    [Theory]
    [InlineData("my-task.cs", "Report: ")]
    [InlineData("induction.cs", "All induction findings hold.")]
    [InlineData("ioi.cs", "All IOI findings hold.")]
    [InlineData("fourier.cs", "All Fourier findings hold.")]
    [InlineData("probe.cs", "All probe findings hold.")]
    [InlineData("dictionary.cs", "All dictionary findings hold.")]
    [InlineData("lottery.cs", "All lottery findings hold.")]
    public async Task ExampleRunsAndItsFindingsHold(string file, string lastLine)
    {
        string root = RepositoryRoot();
        string runDirectory = Cli.NewDirectory();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root,
        };
        foreach (string a in new[] { "run", "-c", "Release", Path.Combine("examples", file), runDirectory })
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // No clock: a hung example fails through the test run's hang timeout, which names the test.
            await process.WaitForExitAsync();
            string output = await stdout + await stderr;
            Assert.True(process.ExitCode == 0, $"dotnet run examples/{file} exited with {process.ExitCode}:\n{output}");
            Assert.DoesNotContain("CHECK FAILED", output, StringComparison.Ordinal);
            Assert.Contains(lastLine, output, StringComparison.Ordinal);
            Assert.Contains($"into {runDirectory}", output, StringComparison.Ordinal); // it trained where it was told
        }
        finally
        {
            if (Directory.Exists(runDirectory))
            {
                Directory.Delete(runDirectory, recursive: true);
            }
        }
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
        throw new InvalidOperationException($"No AlgoLens.slnx above {AppContext.BaseDirectory}: the examples are run from the repository the tests were built in.");
    }
}
