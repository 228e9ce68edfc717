using System.Runtime.InteropServices;

namespace AlgoLens.IO;

/// <summary>
/// Checks that a path a user gave as input is a regular file before it is opened: a FIFO would block
/// the open forever, and a device such as /dev/zero reads without end, so both must be refused by
/// name rather than discovered by hanging or by running out of memory.
/// </summary>
public static class InputFile
{
    /// <summary>Throws unless <paramref name="path"/> is an existing regular file (symbolic links followed).</summary>
    /// <param name="path">The path to check.</param>
    /// <param name="what">What the file is for, e.g. "--config", for the message.</param>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    /// <exception cref="ArgumentException">A folder, FIFO, device or socket.</exception>
    public static void RequireRegular(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"{what} '{path}' is a folder; pass a file.");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{what}: no file at '{path}'.", path);
        }
        if (KindOf(path) is { } kind && kind != "regular file")
        {
            throw new ArgumentException($"{what} '{path}' is a {kind}, not a regular file; AlgoLens reads only regular files (copy the data into a file first).");
        }
    }

    /// <summary><see cref="File.ReadAllText(string)"/> of a file checked by <see cref="RequireRegular"/> first.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is for, e.g. "run.json", for the message.</param>
    public static string ReadAllText(string path, string what)
    {
        RequireRegular(path, what);
        return File.ReadAllText(path);
    }

    /// <summary><see cref="File.ReadAllLines(string)"/> of a file checked by <see cref="RequireRegular"/> first.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is for, e.g. "metrics.csv", for the message.</param>
    public static string[] ReadAllLines(string path, string what)
    {
        RequireRegular(path, what);
        return File.ReadAllLines(path);
    }

    /// <summary>The kind of file at <paramref name="path"/>, or null where it cannot be told (Windows, or the runtime's native library lacks the call).</summary>
    internal static string? KindOf(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return "regular file"; // Windows has no FIFOs or device nodes in the file system.
        }
        // The BCL does not expose a file's type on Unix (FileInfo reports a FIFO and /dev/zero as
        // ordinary files of length 0), so this asks the runtime's own portable stat shim, the one
        // FileInfo uses: its FileStatus struct starts with int32 Flags, int32 Mode, and Mode carries
        // the file type in the bits of 0xF000 with the same values on every platform.
        var status = new byte[512]; // larger than FileStatus on any platform
        try
        {
            if (Stat(path, status) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        int mode = BitConverter.ToInt32(status, 4);
        return (mode & 0xF000) switch
        {
            0x8000 => "regular file",
            0x4000 => "folder",
            0x1000 => "FIFO (named pipe)",
            0x2000 => "character device",
            0x6000 => "block device",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
