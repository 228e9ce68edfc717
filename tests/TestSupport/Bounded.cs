using System.Diagnostics;

namespace AlgoLens.TestSupport;

/// <summary>
/// Waits on a condition, a signal or a file, never on the clock: each returns as soon as what it
/// waits for happens. The bound only turns a hang into a failure that names what never happened,
/// well before the test run's hang timeout (Directory.Build.props); no test passes by waiting long enough.
/// </summary>
public static class Bounded
{
    /// <summary>How long anything is waited for before the test fails: far longer than any wait takes on a loaded machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Returns once <paramref name="condition"/> holds (checked while spinning and yielding); fails naming <paramref name="what"/> if it never does.</summary>
    public static void Until(Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, Timeout))
        {
            Assert.Fail($"Waited {Timeout.TotalSeconds:0} s for {what}, in vain.");
        }
    }

    /// <summary>Returns once <paramref name="signal"/> is set; fails naming <paramref name="what"/> if it never is.</summary>
    public static void Wait(ManualResetEventSlim signal, string what)
    {
        if (!signal.Wait(Timeout))
        {
            Assert.Fail($"Waited {Timeout.TotalSeconds:0} s for {what}, in vain.");
        }
    }

    /// <summary>
    /// Returns once <paramref name="path"/> exists while <paramref name="writer"/> still runs (it is
    /// the process that will write it); fails, with the writer's output, if the writer exits first,
    /// or, killing the writer (which may be endless), if the file never comes.
    /// </summary>
    public static void ForFile(string path, Process writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var giveUp = Stopwatch.StartNew(); // the failure bound only; the wait ends on the file or the exit
        while (!File.Exists(path))
        {
            // Blocks on the writer's exit, looking at the file again every 10 ms.
            if (writer.WaitForExit(10))
            {
                Assert.Fail($"The process exited (code {writer.ExitCode}) before it wrote {path}: {writer.StandardOutput.ReadToEnd()}{writer.StandardError.ReadToEnd()}");
            }
            if (giveUp.Elapsed > Timeout)
            {
                writer.Kill(entireProcessTree: true);
                Assert.Fail($"Waited {Timeout.TotalSeconds:0} s for {path}, in vain; the process still runs.");
            }
        }
    }
}
