using System.Diagnostics;
using System.Text.Json.Nodes;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// Problem 3.17 through the CLI: tasks, a model kind and a measure of a user's own plugin
/// (tests/AlgoLens.TestPlugin, built beside these tests) trained, evaluated, analysed and listed by
/// name with --plugin (alias --task-assembly), the errors of plugins that cannot work, and trust:
/// plugin code runs only when the user names it or trusts the run's own.
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

        // run.json's task_assembly is loaded only when trusted.
        (code, output) = Cli.Run(["eval", dir, "--json", "--trust-plugins"]);
        Assert.True(code == 0, output);
        var test = JsonNode.Parse(output)!["splits"]!["test"]!;
        Assert.Equal(64, (int)test["examples"]!);
        Assert.InRange((double)test["accuracy"]!, 0, 1);

        (code, output) = Cli.Run(["analyze", dir, "-q", "--trust-plugins"]);
        Assert.True(code == 0, output);
        (code, output) = Cli.Run(["report", dir, "--plugin", Plugin]);
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
        (code, output) = Cli.Run(["eval", dir, "--trust-plugins"]);
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
        string folder = PluginFolder();
        var start = Cli.StartInfo(["tasks", "show", "test-first-token", "--json", "--samples", "2"]);
        start.Environment["ALGOLENS_PLUGIN_PATH"] = folder;
        var (code, output) = Run(start);
        Assert.True(code == 0, output);
        Assert.Equal(output, Cli.Run(["tasks", "show", "test-first-token", "--json", "--samples", "2", "--plugin", Plugin]).Output);
    }

    [Fact]
    public void TheEnvironmentVariableTakesAbsolutePathsOnlyAndTheRetiredOneIsRefused()
    {
        // ALGOLENS_PLUGIN_PATH=. would run whatever lies in the folder a command starts in.
        string folder = PluginFolder();
        string marker = Path.Combine(Cli.NewDirectory() + ".marker");
        var start = Cli.StartInfo(["tasks"]);
        start.WorkingDirectory = folder;
        start.Environment["ALGOLENS_PLUGIN_PATH"] = ".";
        start.Environment["ALGOLENS_TEST_PLUGIN_MARKER"] = marker;
        var (code, output) = Run(start);
        Assert.Equal(2, code);
        Assert.Contains("relative path", OneLine(output));
        Assert.False(File.Exists(marker), "plugin code ran");

        start = Cli.StartInfo(["tasks"]);
        start.Environment["ALGOLENS_TASK_PATH"] = folder;
        start.Environment["ALGOLENS_TEST_PLUGIN_MARKER"] = marker;
        (code, output) = Run(start);
        Assert.Equal(2, code);
        Assert.Contains("ALGOLENS_TASK_PATH is no longer read", OneLine(output));
        Assert.Contains("ALGOLENS_PLUGIN_PATH", output);
        Assert.False(File.Exists(marker), "plugin code ran");
    }

    [Fact]
    public void ARunFolderNeverRunsItsPluginUnlessTrusted()
    {
        string dir = Cli.NewDirectory();
        Assert.Equal(0, Cli.Run(["train", .. Short, "--task", "test-first-token", "--plugin", Plugin, "--out", dir]).ExitCode);
        string marker = dir + ".marker";

        // eval only reads: the plugin the run records is not loaded; the error names it and the option.
        var (code, output) = WithMarker(marker, "eval", dir);
        Assert.Equal(2, code);
        Assert.Contains(Squeezed(Path.GetFullPath(Plugin)), Squeezed(output));
        Assert.Contains("--trust-plugins", output);
        Assert.False(File.Exists(marker), "eval ran the run's plugin without being asked");

        // presets and import never read the environment variable, even when it lists the plugin.
        foreach (string[] command in new[] { new[] { "presets" }, ["import", Path.Combine(dir, "missing.pt"), "--out", dir + ".safetensors"] })
        {
            var start = Cli.StartInfo(command);
            start.Environment["ALGOLENS_PLUGIN_PATH"] = Path.GetFullPath(Plugin);
            start.Environment["ALGOLENS_TEST_PLUGIN_MARKER"] = marker;
            Run(start);
            Assert.False(File.Exists(marker), $"{command[0]} ran a plugin");
        }

        // Trusted, it runs.
        (code, output) = WithMarker(marker, "eval", dir, "--trust-plugins");
        Assert.True(code == 0, output);
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public void ARelativePluginPathInRunJsonIsResolvedAgainstTheRunFolder()
    {
        string dir = Cli.NewDirectory();
        Assert.Equal(0, Cli.Run(["train", .. Short, "--task", "test-first-token", "--plugin", Plugin, "--out", dir]).ExitCode);
        // A run folder shipped with its plugin inside it, recorded by a relative path.
        Directory.CreateDirectory(Path.Combine(dir, "plugin"));
        File.Copy(Plugin, Path.Combine(dir, "plugin", "AlgoLens.TestPlugin.dll"));
        string json = File.ReadAllText(Path.Combine(dir, RunInfo.FileName));
        File.WriteAllText(Path.Combine(dir, RunInfo.FileName), json.Replace(Path.GetFullPath(Plugin), "plugin/AlgoLens.TestPlugin.dll", StringComparison.Ordinal));

        // Started elsewhere (the current folder has no plugin/ folder), with the run named relatively.
        string elsewhere = Path.GetDirectoryName(dir)!;
        var start = Cli.StartInfo(["eval", Path.GetFileName(dir)]);
        start.WorkingDirectory = elsewhere;
        var (code, output) = Run(start);
        Assert.Equal(2, code);
        Assert.Contains(Squeezed(Path.Combine(dir, "plugin", "AlgoLens.TestPlugin.dll")), Squeezed(output));

        start = Cli.StartInfo(["eval", Path.GetFileName(dir), "--trust-plugins"]);
        start.WorkingDirectory = elsewhere;
        (code, output) = Run(start);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void TrustPluginsOnACommandWithoutARunIsBadInput()
    {
        var (code, output) = Cli.Run(["tasks", "--trust-plugins"]);
        Assert.Equal(2, code);
        Assert.Contains("reads no run folder", OneLine(output));
    }

    [Fact]
    public void APluginModelKindTrainsWithItsOwnMemoryFormulaAndAPluginMeasureIsAnalysed()
    {
        string dir = Cli.NewDirectory();
        string[] bigram = ["--preset", "prev-token", "--model", "test-bigram", "--steps", "20", "--batch-size", "16", "--test-examples", "64", "--log-every", "10", "--checkpoint-every", "10", "-q"];
        var (code, output) = Cli.Run(["train", .. bigram, "--task", "test-first-token", "--plugin", Plugin, "--out", dir]);
        Assert.True(code == 0, output);
        Assert.Equal("test-bigram", RunInfo.Load(dir).ModelKind);

        (code, output) = Cli.Run(["analyze", dir, "-q", "--plugin", Plugin]);
        Assert.True(code == 0, output);
        string header = File.ReadLines(Path.Combine(dir, "analysis", "measures.csv")).First();
        Assert.Contains("test_parameters", header);

        // The kind's own activation formula (1000 floats a position) reaches the memory check: a
        // batch that a zero estimate would let through is refused before training starts.
        (code, output) = Cli.Run(["train", .. bigram, "--task", "test-first-token", "--task-option", "length=32", "--batch-size", "100000",
            "--plugin", Plugin, "--out", Cli.NewDirectory()]);
        Assert.Equal(2, code);
        Assert.Contains("This run needs about", OneLine(output));
    }

    [Theory]
    [InlineData("null-problems", "Problems is null")]
    [InlineData("null-description", "Description is null")]
    [InlineData("null-option", "Options hold a null")]
    [InlineData("builtin-name", "task 'add', but a task of that name is registered already")]
    [InlineData("throws", "threw InvalidOperationException: the plugin's definition failed")]
    public void AFaultyPluginIsBadInputNamingTheAssemblyAndTheFault(string fault, string says)
    {
        foreach (string[] command in new[] { new[] { "tasks" }, ["tasks", "show", "test-xor"] })
        {
            var start = Cli.StartInfo([.. command, "--plugin", Plugin]);
            start.Environment["ALGOLENS_TEST_PLUGIN_FAULT"] = fault;
            var (code, output) = Run(start);
            Assert.True(code == 2, output);
            Assert.Contains(Squeezed($"Plugin assembly '{Plugin}'"), Squeezed(output));
            Assert.Contains(Squeezed(fault == "builtin-name" ? "defines task 'add'" : "AlgoLens.TestPlugin.FaultyTask"), Squeezed(output));
            Assert.Contains(Squeezed(says), Squeezed(output));
        }
    }

    [Fact]
    public void AnUnknownTaskSaysHowToLoadItsAssembly()
    {
        var (code, output) = Cli.Run(["train", .. Short, "--task", "test-first-token", "--out", Cli.NewDirectory()]);
        Assert.Equal(2, code);
        Assert.Contains("--plugin", output);
    }

    [Fact]
    public void ARunWhoseAssemblyMovedAsksForItsNewPath()
    {
        string dir = Cli.NewDirectory();
        Assert.Equal(0, Cli.Run(["train", .. Short, "--task", "test-first-token", "--task-assembly", Plugin, "--out", dir]).ExitCode);
        string json = File.ReadAllText(Path.Combine(dir, RunInfo.FileName));
        File.WriteAllText(Path.Combine(dir, RunInfo.FileName), json.Replace(Path.GetFullPath(Plugin), "/nowhere/AlgoLens.TestPlugin.dll", StringComparison.Ordinal));

        var (code, output) = Cli.Run(["eval", dir, "--trust-plugins"]);
        Assert.Equal(2, code);
        Assert.Contains("no longer exists", OneLine(output));
        Assert.Contains("--plugin", output);
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
        Assert.Contains("error in plugin assembly AlgoLens.TestPlugin", OneLine(output));
        Assert.Contains($"the plugin's {says} failed", OneLine(output));
    }

    // The plugin as a build leaves it, with a copy of AlgoLens's own assembly and a file that is not an assembly.
    private static string PluginFolder()
    {
        string folder = Cli.NewDirectory();
        Directory.CreateDirectory(folder);
        File.Copy(Plugin, Path.Combine(folder, "AlgoLens.TestPlugin.dll"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "AlgoLens.dll"), Path.Combine(folder, "AlgoLens.dll"));
        File.WriteAllText(Path.Combine(folder, "native.dll"), "not an assembly");
        return folder;
    }

    private static (int ExitCode, string Output) WithMarker(string marker, params string[] args)
    {
        var start = Cli.StartInfo(args);
        start.Environment["ALGOLENS_TEST_PLUGIN_MARKER"] = marker;
        return Run(start);
    }

    // The console wraps long words (paths) anywhere: compare without white space.
    private static string Squeezed(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

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
