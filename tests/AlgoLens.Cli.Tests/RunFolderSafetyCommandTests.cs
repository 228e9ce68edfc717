using AlgoLens.Cli.Commands;
using AlgoLens.Training;
using Spectre.Console;

namespace AlgoLens.Cli.Tests;

/// <summary>Through the command line: a user's folder is not taken for a run, a run's own files are not written over, quiet is quiet, one version.</summary>
public class RunFolderSafetyCommandTests
{
    [Fact]
    public void TrainRefusesAsOutANonEmptyFolderThatHoldsNoRun()
    {
        string dir = Cli.NewDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "deep"));
        string[] files = [Path.Combine(dir, "paper.txt"), Path.Combine(dir, ".cache.tmp"), Path.Combine(dir, "deep", ".x.tmp")];
        foreach (string file in files)
        {
            File.WriteAllText(file, "a user's file");
        }
        var (code, output) = Cli.Run(["train", .. TinyRunFolder.TrainArguments, "--steps", "5", "--out", dir]);
        Assert.True(code == 2, output);
        Assert.Contains("is not empty", System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
        Assert.All(files, file => Assert.True(File.Exists(file), file));
        Assert.Equal(3, Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Count(File.Exists));
    }

    [Fact]
    public void ExportCacheAndImportRefuseARunsOwnFilesHoweverThePathIsSpelled()
    {
        string run = TinyRunFolder.Trained(100);
        string links = Cli.NewDirectory();
        Directory.CreateDirectory(links);
        string toCheckpoints = Path.Combine(links, "ckpt");
        Directory.CreateSymbolicLink(toCheckpoints, Path.Combine(run, "checkpoints"));
        var before = TinyRunFolder.Snapshot(run);
        string[][] commands =
        [
            ["export", run, "--out", Path.Combine(run, RunInfo.FileName)],
            ["export", run, "--step", "100", "--out", Path.Combine(toCheckpoints, "step_000050.safetensors")],
            ["cache", "--model", run, "--tokens", "1 2 11", "--out", Path.Combine(run, MetricsLog.FileName)],
            ["cache", "--model", run, "--tokens", "1 2 11", "--out", Path.Combine(toCheckpoints, "..", RunInfo.FileName)],
            ["import", Path.Combine(AppContext.BaseDirectory, "Fixtures", "pt", "tiny_state_dict.pt"), "--config", Path.Combine(AppContext.BaseDirectory, "Fixtures", "pt", "tiny.config.json"),
                "--out", Path.Combine(toCheckpoints, "step_000100.safetensors")],
        ];
        foreach (string[] command in commands)
        {
            var (code, output) = Cli.Run(command);
            Assert.True(code == 2, $"{string.Join(' ', command)}: {output}");
            Assert.Contains($"of the run in '{run}'", System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
            Assert.Equal(before, TinyRunFolder.Snapshot(run));
        }
    }

    [Fact]
    public void QuietTrainingPrintsOneLineAndNoTable()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", .. TinyRunFolder.TrainArguments, "--steps", "5", "--out", dir]);
        Assert.True(code == 0, output);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"completed at step 5: {dir}", line);
    }

    [Fact]
    public void QuietTrainingWithoutOutNamesTheFolderItMade()
    {
        string cwd = Cli.NewDirectory();
        Directory.CreateDirectory(cwd);
        var info = Cli.StartInfo(["train", .. TinyRunFolder.TrainArguments, "--steps", "5"]);
        info.WorkingDirectory = cwd;
        using var process = System.Diagnostics.Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
        string made = Assert.Single(Directory.GetDirectories(Path.Combine(cwd, "runs")));
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"completed at step 5: {Path.GetRelativePath(cwd, made)}", line);
    }

    [Fact]
    public void TheErrorLogGivesTheVersionThatRunJsonRecords()
    {
        string dir = Cli.NewDirectory();
        Directory.CreateDirectory(dir);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Ansi = AnsiSupport.No });
        Assert.Equal(CliErrors.Unexpected, CliErrors.Run(() => throw new InvalidOperationException("a bug"), new CliSettings(), dir, console));
        string log = Assert.Single(Directory.GetFiles(dir, "algolens-error-*.log"));
        Assert.StartsWith($"algolens {new RunInfo().AlgolensVersion}, ", File.ReadAllText(log), StringComparison.Ordinal);
    }
}
