using System.Runtime.InteropServices;

namespace AlgoLens.Training;

/// <summary>
/// An exclusive <c>flock</c> on the run folder itself (Linux and macOS), which <see cref="RunLock"/>
/// takes before its lock file: a user tidying the folder can delete run.lock while a run holds it,
/// and a lock on that file alone would then let a second writer lock a new run.lock beside the
/// first; nobody deletes the folder of a run they keep. flock conflicts between two descriptors
/// even within one process, so the lock stays non-reentrant. The descriptor is opened close-on-exec,
/// so that no child process inherits (and outlives us with) the lock.
/// </summary>
internal sealed class RunLockFolderFlock : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    private int descriptor;

    private RunLockFolderFlock(int descriptor) => this.descriptor = descriptor;

    /// <summary>
    /// Takes the folder's lock: false when another descriptor holds it; true with
    /// <paramref name="held"/> null where there is no such lock (Windows, whose share mode on run.lock
    /// already forbids deleting it, or a file system without flock).
    /// </summary>
    public static bool TryTake(string directory, out RunLockFolderFlock? held)
    {
        held = null;
        if (OperatingSystem.IsWindows())
        {
            return true;
        }
        int closeOnExec = OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsFreeBSD() ? 0x1000000 : 0x80000;
        int fd = NativeMethods.Open(directory, closeOnExec); // O_RDONLY | O_CLOEXEC
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open the run folder '{directory}' to lock it (errno {errno}); check that it is a folder you may read.");
        }
        if (NativeMethods.Flock(fd, LockExclusive | LockNonBlocking) == 0)
        {
            held = new RunLockFolderFlock(fd);
            return true;
        }
        int error = Marshal.GetLastPInvokeError();
        _ = NativeMethods.Close(fd);
        // EWOULDBLOCK: 11 on Linux, 35 on macOS. Any other error means the file system has no
        // flock (as .NET itself does for its file locks, go on with the lock file alone).
        return error is not (11 or 35);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        if (descriptor >= 0)
        {
            _ = NativeMethods.Close(descriptor);
            descriptor = -1;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Flock(int fd, int operation);

        [DllImport("libc", EntryPoint = "close")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Close(int fd);
    }
}
