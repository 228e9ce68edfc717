namespace AlgoLens.Training;

/// <summary>A run folder is locked by another writer (see <see cref="RunLock"/>).</summary>
public sealed class RunLockedException : IOException
{
    /// <summary>Creates the exception for <paramref name="runDirectory"/>, held by <paramref name="holderPid"/> when known.</summary>
    public RunLockedException(string runDirectory, int? holderPid, Exception? inner = null)
        : base(Describe(runDirectory, holderPid), inner)
    {
        RunDirectory = runDirectory;
        HolderPid = holderPid;
    }

    /// <summary>Creates the exception.</summary>
    public RunLockedException()
    {
        RunDirectory = "";
    }

    /// <summary>Creates the exception.</summary>
    public RunLockedException(string message)
        : base(message)
    {
        RunDirectory = "";
    }

    /// <summary>Creates the exception.</summary>
    public RunLockedException(string message, Exception inner)
        : base(message, inner)
    {
        RunDirectory = "";
    }

    /// <summary>The locked run folder.</summary>
    public string RunDirectory { get; }

    /// <summary>The pid of the process holding the lock, when it could be read.</summary>
    public int? HolderPid { get; }

    private static string Describe(string runDirectory, int? pid) =>
        $"'{runDirectory}' is in use by another algolens process ({(pid is { } p ? $"pid {p}" : "pid unknown")}): a run folder has one writer at a time. "
        + $"Wait for it to finish, or stop it first{(pid is { } q ? $" (kill {q}; it checkpoints and exits)" : "")}.";
}
