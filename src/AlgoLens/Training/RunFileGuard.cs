using System.Text.RegularExpressions;
using AlgoLens.IO;

namespace AlgoLens.Training;

/// <summary>
/// Keeps commands that write a file the user names (<c>export --out</c>, <c>cache --out</c>) off the
/// files of a run folder: run.json, metrics.csv, run.lock, report.html, error logs, and everything
/// under checkpoints/ and analysis/. The path is compared after every link in it is resolved
/// (<see cref="RealPath"/>), so no spelling reaches them: not <c>..</c>, not a link to the run or
/// to its checkpoints/, not a link to the file itself. A new file of another name beside them is
/// allowed (the run folder is the user's to add to).
/// </summary>
public static partial class RunFileGuard
{
    private static readonly string[] RootFiles = [RunInfo.FileName, MetricsLog.FileName, RunLock.FileName, "report.html"];

    // Folders whose whole content is the run's: what a new file there would be mistaken for (a
    // checkpoint, an analysis result) matters as much as what it would replace.
    private static readonly string[] RunFolders = ["checkpoints", "analysis"];

    /// <summary>Throws when writing <paramref name="path"/> would replace, or add to, a file of a run folder.</summary>
    /// <param name="path">The file about to be written, as the user spelled it.</param>
    /// <param name="option">The option that named it, e.g. "--out", for the message.</param>
    /// <exception cref="ArgumentException">The path lands on a run folder's own file; the message names the run and the file.</exception>
    public static void RefuseRunFile(string path, string option)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Where the write lands (AtomicFile removes ".." from the text first, then the system
        // follows the links) and where the system alone would put it (".." after a link): both
        // are checked, so that the guard does not depend on which of the two a writer does.
        RefuseRunFile(path, RealPath.Resolve(Path.GetFullPath(path)), option);
        RefuseRunFile(path, RealPath.Resolve(path), option);
    }

    private static void RefuseRunFile(string path, string real, string option)
    {
        for (string? folder = Path.GetDirectoryName(real); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (!IsRunFolder(folder))
            {
                continue;
            }
            string relative = Path.GetRelativePath(folder, real);
            if (IsRunsOwn(relative))
            {
                string via = string.Equals(Path.GetFullPath(path), real, StringComparison.Ordinal) ? "" : $" (it leads to {real})";
                string first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
                throw new ArgumentException(first == relative
                    ? $"{option} {path} would overwrite {relative} of the run in '{folder}'{via}; a run's own files (run.json, metrics.csv, run.lock, "
                        + "report.html, checkpoints/, analysis/) are written only by the commands that make them. Choose a file outside the run folder, or a new name beside them."
                    : $"{option} {path} is inside the {first}/ folder of the run in '{folder}'{via}, where it could replace or pass for one of the run's own files; "
                        + "choose a file outside the run folder, or a new name beside run.json.");
            }
        }
    }

    /// <summary>True when <paramref name="folder"/> holds a run (its run.json, or the lock a run takes before anything else).</summary>
    public static bool IsRunFolder(string folder) =>
        File.Exists(Path.Combine(folder, RunInfo.FileName)) || File.Exists(Path.Combine(folder, RunLock.FileName));

    private static bool IsRunsOwn(string relative)
    {
        string first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        // Case-insensitive: on macOS and Windows RUN.JSON is run.json.
        if (RunFolders.Contains(first, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        return first == relative && (RootFiles.Contains(first, StringComparer.OrdinalIgnoreCase) || ErrorLog().IsMatch(first));
    }

    [GeneratedRegex(@"^algolens-error-.*\.log\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ErrorLog();
}
