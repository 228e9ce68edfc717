using System.Globalization;
using System.Text;
using AlgoLens.IO;

namespace AlgoLens.Training;

/// <summary>
/// The one-writer lock of a run folder: an exclusive <c>flock</c> on the folder itself (Linux and
/// macOS), and <c>run.lock</c> held open with <see cref="FileShare.None"/> (on Linux and macOS .NET
/// takes an exclusive <c>flock</c> on it, on Windows an exclusive share mode, under which the file
/// cannot be deleted). The folder's lock is what keeps a second writer out even when a user deletes
/// run.lock under a running writer. Either way the operating system releases the locks when the
/// process ends, however it ends (a <c>kill -9</c> never leaves a stale lock). The holder's pid is written into the file after
/// locking, so that a second writer's error can name it. Training, resuming, analysing and
/// reporting take it; reading a run (evaluating, caching activations) does not need it.
/// The lock is not reentrant, even within one process (a second <see cref="Acquire"/> is a second
/// writer and is refused): work that spans several writers' steps, such as <c>grok</c>'s training,
/// analysis and report, takes it once and passes the held lock to each step's overload that
/// accepts one (<see cref="Trainer.Run(RunLock, IProgress{TrainingProgress}?, CancellationToken)"/>,
/// <see cref="Trainer.Resume(RunLock, Func{string, IReadOnlyDictionary{string, string}, Tasks.ITask}, int?, IProgress{TrainingProgress}?, CancellationToken, ITrainingObserver?)"/>,
/// <c>RunAnalyzer.Analyze</c>, <c>RunReport.Write</c>), so no other writer can slip in between.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "run.lock";

    private readonly FileStream stream;
    private readonly RunLockFolderFlock? folderLock;

    private readonly bool createdFolder;
    private bool released;

    private RunLock(string directory, FileStream stream, RunLockFolderFlock? folderLock, bool createdFolder)
    {
        Directory = directory;
        this.stream = stream;
        this.folderLock = folderLock;
        this.createdFolder = createdFolder;
    }

    /// <summary>The run folder this lock holds.</summary>
    public string Directory { get; }

    /// <summary>Throws unless this lock is still held (for methods that are handed a held lock).</summary>
    /// <exception cref="ObjectDisposedException">The lock was released.</exception>
    public void ThrowIfReleased() => ObjectDisposedException.ThrowIf(released, this);

    /// <summary>
    /// Takes the lock of <paramref name="runDirectory"/> (creating the folder when
    /// <paramref name="mustExist"/> is false), then removes the temporaries that AlgoLens writers
    /// killed mid-write left at the places AlgoLens writes (<see cref="RemoveStaleTemporaries"/>):
    /// with the lock held, no other writer can be writing them. A folder the lock created is removed
    /// again on release when nothing but the lock file was written to it (e.g. a run refused before
    /// its first file). Where the system has <c>flock</c>, the folder itself is locked first, so
    /// deleting run.lock under a running writer lets no second one in.
    /// </summary>
    /// <exception cref="RunLockedException">Another process holds the lock; the message names its pid.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="mustExist"/> is set and the folder holds no run.json.</exception>
    /// <exception cref="IOException"><paramref name="mustExist"/> is false and the folder is not empty but holds no run (nothing is written to it then).</exception>
    public static RunLock Acquire(string runDirectory, bool mustExist = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        if (mustExist && !File.Exists(Path.Combine(runDirectory, RunInfo.FileName)))
        {
            throw new FileNotFoundException($"'{runDirectory}' is not a run folder: it has no {RunInfo.FileName}.");
        }
        if (!mustExist && !RunFileGuard.IsRunFolder(runDirectory))
        {
            // Before the lock file is written: a folder of the user's own gets nothing of ours.
            NewRunFolder.RefuseUnusable(runDirectory);
        }
        bool created = !System.IO.Directory.Exists(runDirectory);
        System.IO.Directory.CreateDirectory(runDirectory);
        string path = Path.Combine(runDirectory, FileName);
        if (!RunLockFolderFlock.TryTake(runDirectory, out var folderLock))
        {
            throw new RunLockedException(runDirectory, ReadHolderPid(path));
        }
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            folderLock?.Dispose();
            throw new RunLockedException(runDirectory, ReadHolderPid(path), e);
        }
        catch
        {
            folderLock?.Dispose();
            throw;
        }
        try
        {
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush();
            RemoveStaleTemporaries(runDirectory);
        }
        catch
        {
            stream.Dispose();
            folderLock?.Dispose();
            throw;
        }
        return new RunLock(runDirectory, stream, folderLock, created);
    }

    /// <summary>
    /// The folders of a run that AlgoLens writes files into, relative to it: the only places whose
    /// leftover temporaries are its own. Subfolders a user made (notes/) and links are not among them.
    /// </summary>
    internal static IReadOnlyList<string> WrittenFolders { get; } = ["", "checkpoints", "analysis", Path.Combine("analysis", "artefacts")];

    /// <summary>
    /// Removes the temporaries of killed writers (<see cref="AtomicFile.RemoveStaleTemporaries"/>)
    /// from <see cref="WrittenFolders"/>, never going through a link: a subfolder that is a link
    /// leads outside the run.
    /// </summary>
    private static void RemoveStaleTemporaries(string runDirectory)
    {
        foreach (string relative in WrittenFolders)
        {
            string folder = relative.Length == 0 ? runDirectory : Path.Combine(runDirectory, relative);
            if (relative.Length > 0 && IsLinkOnTheWay(runDirectory, relative))
            {
                continue;
            }
            AtomicFile.RemoveStaleTemporaries(folder);
        }
    }

    private static bool IsLinkOnTheWay(string runDirectory, string relative)
    {
        string current = runDirectory;
        foreach (string part in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            if (new DirectoryInfo(current).LinkTarget is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Releases the lock. The file stays (deleting it would race with a process about to lock it),
    /// except with the whole folder when this lock created it and nothing else was written there.
    /// </summary>
    public void Dispose()
    {
        if (released)
        {
            return;
        }
        released = true;
        try
        {
            stream.SetLength(0);
        }
        catch (IOException)
        {
            // Emptying the pid is a courtesy; the lock is released by closing either way.
        }
        stream.Dispose();
        if (createdFolder)
        {
            // Still under the folder's lock, so no other writer can be starting in it.
            RemoveIfOnlyLock(Directory);
        }
        folderLock?.Dispose();
    }

    private static void RemoveIfOnlyLock(string runDirectory)
    {
        try
        {
            var entries = System.IO.Directory.GetFileSystemEntries(runDirectory);
            if (entries.All(e => Path.GetFileName(e) == FileName))
            {
                System.IO.Directory.Delete(runDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Another process took the folder meanwhile; leave it to that process.
        }
        catch (UnauthorizedAccessException)
        {
        }
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
