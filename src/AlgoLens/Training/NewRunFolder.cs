namespace AlgoLens.Training;

/// <summary>
/// Where a new run may go: a folder that does not exist yet, an empty one, or one holding only
/// what AlgoLens leaves in a folder no run was written to (its lock file, error logs). Anything else
/// is refused, so that a new run neither mixes with another run's leftovers nor lands among a
/// user's own files (which taking the folder for a run would expose to its tidying).
/// </summary>
internal static class NewRunFolder
{
    /// <summary>Throws unless a new run may be written into <paramref name="directory"/> (see the class).</summary>
    /// <exception cref="IOException">The folder holds something else; the message names it and what to do.</exception>
    public static void RefuseUnusable(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        var foreign = Directory.EnumerateFileSystemEntries(directory)
            .Select(e => Path.GetFileName(e))
            .Where(name => name != RunLock.FileName && !(name.StartsWith("algolens-error-", StringComparison.Ordinal) && name.EndsWith(".log", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (foreign.Count == 0)
        {
            return;
        }
        if (foreign.Contains(MetricsLog.FileName) || foreign.Contains("checkpoints"))
        {
            // Metrics or checkpoints without run.json: another run's leftovers, which a new run
            // would append to and be confused with.
            throw new IOException($"'{directory}' holds metrics or checkpoints but no {RunInfo.FileName}: it is not a run this trainer can resume, and a new run would mix with it. Choose another --out, or move those files away.");
        }
        string shown = string.Join(", ", foreign.Take(3)) + (foreign.Count > 3 ? $" and {foreign.Count - 3} more" : "");
        throw new IOException($"'{directory}' is not empty ({shown}) and holds no run (no {RunInfo.FileName}): a new run is written only into a new or empty folder, so that it neither mixes with nor touches what is there. Choose another --out (a new folder), or move those files away.");
    }
}
