using System.Diagnostics;
using System.Text.Json.Nodes;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// Problem 3.17 through the CLI: tasks of a user's own assembly (tests/AlgoLens.TestPlugin, built
/// beside these tests) trained, evaluated and listed by name with --task-assembly, and the errors of
/// assemblies and tasks that cannot work.
/// </summary>
public sealed class TaskAssemblyTests
{
    private static string Plugin => Path.Combine(AppContext.BaseDirectory, "AlgoLens.TestPlugin.dll");

    // The prev-token preset's one-layer attention-only model, kept tiny and short.
    private static readonly string[] Short =
        ["--preset", "prev-token", "--d-model", "16", "--d-head", "16", "--steps", "20", "--batch-size", "16", "--test-examples", "64", "--log-every", "10", "--checkpoint-every", "10", "-q"];

    [Fact]
    public void APluginTaskTrainsAndEvaluatesByNameAndItsRunRemembersTheAssembly()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", .. Short, "--task", "test-first-token", "--task-option", "length=5", "--task-assembly", Plugin, "--out", dir]);
        Assert.True(code == 0, output);
        var info = RunInfo.Load(dir);
        Assert.Equal("test-first-token", info.Task);
        Assert.Equal("5", info.TaskSettings["length"]);
        Assert.Equal(Path.GetFullPath(Plugin), info.TaskAssembly);

        // No --task-assembly: run.json's task_assembly finds the task.
        (code, output) = Cli.Run(["eval", dir, "--json"]);
        Assert.True(code == 0, output);
        var test = JsonNode.Parse(output)!["splits"]!["test"]!;
        Assert.Equal(64, (int)test["examples"]!);
        Assert.InRange((double)test["accuracy"]!, 0, 1);

        (code, output) = Cli.Run(["analyze", dir, "-q"]);
        Assert.True(code == 0, output);
        (code, output) = Cli.Run(["report", dir]);
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
    }

    [Fact]
    public void AMultitaskWithAPluginSubtaskRemembersTheAssemblyToo()
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run(["train", .. Short, "--task", "multitask", "--task-option", "tasks=prev-token,test-first-token", "--task-assembly", Plugin, "--out", dir]);
        Assert.True(code == 0, output);
        Assert.Equal(Path.GetFullPath(Plugin), RunInfo.Load(dir).TaskAssembly);
        (code, output) = Cli.Run(["eval", dir]);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void AnEnumeratedPluginTaskWithOnlyAConstructorIsListedShownAndTrained()
    {
        var (code, output) = Cli.Run(["tasks", "--task-assembly", Plugin]);
        Assert.True(code == 0, output);
        Assert.Contains("test-xor", output);
        Assert.Contains("test-first-token", output);

        (code, output) = Cli.Run(["tasks", "show", "test-xor", "--task-assembly", Plugin, "--json"]);
        Assert.True(code == 0, output);
        Assert.Equal(["0", "1", "="], JsonNode.Parse(output)!["vocab"]!.AsArray().Select(n => (string?)n));

        string dir = Cli.NewDirectory();
        (code, output) = Cli.Run(["train", .. Short, "--task", "test-xor", "--frac", "0.5", "--batch-size", "0", "--task-assembly", Plugin, "--out", dir]);
        Assert.True(code == 0, output);
        Assert.Equal(2, RunInfo.Load(dir).TestExamples);
    }

    [Fact]
    public void APluginFolderInTheEnvironmentVariableLoadsLikeTheOption()
    {
        // A folder as a build leaves it: the plugin, a copy of AlgoLens's own assembly, and a file
        // that is not an assembly; only the plugin is loaded.
        string folder = Cli.NewDirectory();
        Directory.CreateDirectory(folder);
        File.Copy(Plugin, Path.Combine(folder, "AlgoLens.TestPlugin.dll"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "AlgoLens.dll"), Path.Combine(folder, "AlgoLens.dll"));
        File.WriteAllText(Path.Combine(folder, "native.dll"), "not an assembly");
        var start = Cli.StartInfo(["tasks", "show", "test-first-token", "--json", "--samples", "2"]);
        start.Environment["ALGOLENS_TASK_PATH"] = folder;
        var (code, output) = Run(start);
        Assert.True(code == 0, output);
        Assert.Equal(output, Cli.Run(["tasks", "show", "test-first-token", "--json", "--samples", "2", "--task-assembly", Plugin]).Output);
    }

    [Fact]
    public void AnUnknownTaskSaysHowToLoadItsAssembly()
    {
        var (code, output) = Cli.Run(["train", .. Short, "--task", "test-first-token", "--out", Cli.NewDirectory()]);
        Assert.Equal(2, code);
        Assert.Contains("--task-assembly", output);
    }

    [Fact]
    public void ARunWhoseAssemblyMovedAsksForItsNewPath()
    {
        string dir = Cli.NewDirectory();
        Assert.Equal(0, Cli.Run(["train", .. Short, "--task", "test-first-token", "--task-assembly", Plugin, "--out", dir]).ExitCode);
        string json = File.ReadAllText(Path.Combine(dir, RunInfo.FileName));
        File.WriteAllText(Path.Combine(dir, RunInfo.FileName), json.Replace(Path.GetFullPath(Plugin), "/nowhere/AlgoLens.TestPlugin.dll", StringComparison.Ordinal));

        var (code, output) = Cli.Run(["eval", dir]);
        Assert.Equal(2, code);
        Assert.Contains("no longer exists", OneLine(output));
        Assert.Contains("--task-assembly", output);
        Assert.Equal(0, Cli.Run(["eval", dir, "--task-assembly", Plugin]).ExitCode);
    }

    [Fact]
    public void AssembliesThatCannotWorkAreBadInput()
    {
        // The library's tests check every refusal's message; here, that the CLI exits with 2.
        string folder = Cli.NewDirectory();
        Directory.CreateDirectory(folder);
        string notAssembly = Path.Combine(folder, "notes.dll");
        File.WriteAllText(notAssembly, "not a program");
        foreach (var (path, says) in new[] { (Path.Combine(folder, "missing.dll"), "does not exist"), (notAssembly, "is not a .NET assembly") })
        {
            var (code, output) = Cli.Run(["tasks", "--task-assembly", path]);
            Assert.True(code == 2, output);
            Assert.Contains(says, OneLine(output));
        }
    }

    [Theory]
    [InlineData("create", "factory")]
    [InlineData("draw", "generator")]
    public void ATaskThatThrowsIsBadInputNamingTheAssembly(string when, string says)
    {
        var (code, output) = Cli.Run(["train", .. Short, "--task", "test-throws", "--task-option", $"when={when}", "--task-assembly", Plugin, "--out", Cli.NewDirectory()]);
        Assert.Equal(2, code);
        Assert.Contains("error in task assembly AlgoLens.TestPlugin", OneLine(output));
        Assert.Contains($"the plugin's {says} failed", OneLine(output));
    }

    // The console wraps long messages at spaces.
    private static string OneLine(string output) => string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static (int ExitCode, string Output) Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "algolens did not finish in 120 s");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
