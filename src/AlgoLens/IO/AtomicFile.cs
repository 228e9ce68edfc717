namespace AlgoLens.IO;

/// <summary>
/// Writes files so that a reader sees either the old content or the whole new content, never a
/// partial write: data goes to a temporary file in the same folder, is flushed to disk, then
/// renamed over the target (rename is atomic within a file system).
/// </summary>
public static class AtomicFile
{
    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, TemporaryName.For(Path.GetFileName(full)));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporaries (<c>.NAME.PID.GUID.tmp</c>, as <see cref="WriteAllBytes"/> names them)
    /// that writers killed mid-write left in <paramref name="directory"/> itself; returns how many.
    /// Subfolders are not searched and links in the folder are not followed: a run folder's
    /// subfolders may be a user's own (notes/) or lead elsewhere, and only the places AlgoLens
    /// writes to are its to tidy (the caller names each one, and decides whether a folder that is
    /// itself a link is one). A temporary of a process still running is kept (it may be a
    /// writer, such as an export into the run folder, that needs no lock), and so is anything that is
    /// not a regular file. Call it only while no other AlgoLens process can be writing there (a run
    /// folder's <see cref="Training.RunLock"/> held).
    /// </summary>
    public static int RemoveStaleTemporaries(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return 0;
        }
        int removed = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles(".*.tmp", SearchOption.TopDirectoryOnly))
        {
            if (file.LinkTarget is null && !file.Attributes.HasFlag(FileAttributes.ReparsePoint)
                && TemporaryName.Writer(file.Name) is { } pid && !ProcessIsRunning(pid))
            {
                file.Delete();
                removed++;
            }
        }
        return removed;
    }

    private static bool ProcessIsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Atomically replaces <paramref name="path"/> with UTF-8 text.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
}
