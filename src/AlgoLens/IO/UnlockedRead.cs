using System.Runtime.InteropServices;
using System.Text;

namespace AlgoLens.IO;

/// <summary>
/// Reads the start of a file through libc's open(2) and read(2), which take no advisory lock:
/// .NET's own file APIs take a shared flock on open, which a file held with
/// <see cref="FileShare.None"/> by another process refuses. Unix only.
/// </summary>
internal static class UnlockedRead
{
    private const int ReadOnly = 0;

    /// <summary>Up to <paramref name="maxBytes"/> bytes from the start of <paramref name="path"/>, as ASCII.</summary>
    public static string ReadStart(string path, int maxBytes)
    {
        int fd = NativeMethods.Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open '{path}' (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            var buffer = new byte[maxBytes];
            nint read = NativeMethods.Read(fd, buffer, maxBytes);
            return read <= 0 ? "" : Encoding.ASCII.GetString(buffer, 0, (int)read);
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "read", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint Read(int fd, byte[] buffer, nint count);

        [DllImport("libc", EntryPoint = "close")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Close(int fd);
    }
}
