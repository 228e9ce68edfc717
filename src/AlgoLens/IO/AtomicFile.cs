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
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
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
    /// Deletes the temporaries (<c>.NAME.PID.GUID.tmp</c>) that writers killed mid-write left in
    /// <paramref name="directory"/> and its subfolders; returns how many. Call it only while no
    /// other process can be writing there (a run folder's <see cref="Training.RunLock"/> held).
    /// </summary>
    public static int RemoveStaleTemporaries(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(directory, ".*.tmp", SearchOption.AllDirectories))
        {
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    /// <summary>Atomically replaces <paramref name="path"/> with UTF-8 text.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
}
