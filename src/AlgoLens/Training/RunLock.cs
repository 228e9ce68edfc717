using System.Globalization;
using System.Text;
using AlgoLens.IO;

namespace AlgoLens.Training;

/// <summary>
/// The one-writer lock of a run folder: <c>run.lock</c> held open with <see cref="FileShare.None"/>.
/// On Linux and macOS .NET takes an exclusive <c>flock</c> on it, on Windows an exclusive share
/// mode; either way the operating system releases it when the process ends, however it ends (a
/// <c>kill -9</c> never leaves a stale lock). The holder's pid is written into the file after
/// locking, so that a second writer's error can name it. Training, resuming, analysing and
/// reporting take it; reading a run (evaluating, caching activations) does not need it.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "run.lock";

    private readonly FileStream stream;

    private RunLock(string directory, FileStream stream)
    {
        Directory = directory;
        this.stream = stream;
    }

    /// <summary>The run folder this lock holds.</summary>
    public string Directory { get; }

    /// <summary>
    /// Takes the lock of <paramref name="runDirectory"/> (creating the folder when
    /// <paramref name="mustExist"/> is false), then removes the temporaries that writers killed
    /// mid-write left behind (<see cref="AtomicFile.RemoveStaleTemporaries"/>): with the lock held,
    /// no other writer can be writing them.
    /// </summary>
    /// <exception cref="RunLockedException">Another process holds the lock; the message names its pid.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="mustExist"/> is set and the folder holds no run.json.</exception>
    public static RunLock Acquire(string runDirectory, bool mustExist = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        if (mustExist && !File.Exists(Path.Combine(runDirectory, RunInfo.FileName)))
        {
            throw new FileNotFoundException($"'{runDirectory}' is not a run folder: it has no {RunInfo.FileName}.");
        }
        System.IO.Directory.CreateDirectory(runDirectory);
        string path = Path.Combine(runDirectory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new RunLockedException(runDirectory, ReadHolderPid(path), e);
        }
        try
        {
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush();
            AtomicFile.RemoveStaleTemporaries(runDirectory);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new RunLock(runDirectory, stream);
    }

    /// <summary>Releases the lock (the file stays: deleting it would race with a process about to lock it).</summary>
    public void Dispose()
    {
        try
        {
            stream.SetLength(0);
        }
        catch (IOException)
        {
            // Emptying the pid is a courtesy; the lock is released by closing either way.
        }
        stream.Dispose();
    }

    // EWOULDBLOCK (11 on Linux, 35 on macOS) from flock; a sharing or lock violation on Windows.
    private static bool IsHeldElsewhere(IOException e) =>
        e is not FileNotFoundException and not DirectoryNotFoundException
        && e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    /// <summary>
    /// The pid written in a held lock file, or null when it cannot be read. .NET takes a shared
    /// flock on every file it opens, which the holder's exclusive one refuses, so the file is read
    /// through libc, whose open(2) takes no lock.
    /// </summary>
    private static int? ReadHolderPid(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        try
        {
            string text = UnlockedRead.ReadStart(path, 32);
            return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException)
        {
            return null;
        }
    }
}
