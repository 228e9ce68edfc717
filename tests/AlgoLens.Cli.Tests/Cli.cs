using System.Diagnostics;

namespace AlgoLens.Cli.Tests;

/// <summary>Runs the algolens command as a separate process, as a user would.</summary>
internal static class Cli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "AlgoLens.Cli.dll");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["COLUMNS"] = "200";
        return info;
    }

    public static (int ExitCode, string Output) Run(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // No clock here: a command that hangs fails through the test run's hang timeout, which
        // names the test (Directory.Build.props); a loaded machine must not fail a slow command.
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "algolens-cli-tests", Guid.NewGuid().ToString("N"));

    public static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tl-parity", file);
}
