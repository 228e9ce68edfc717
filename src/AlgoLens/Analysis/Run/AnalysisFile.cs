using AlgoLens.Analysis.Measures;
using AlgoLens.IO;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Run;

/// <summary>
/// Writes one result file of a circuit tool (<c>patch</c>, <c>scrub</c>, <c>circuit</c>) into a run's
/// analysis/ folder the way <c>analyze</c> writes its own: under the run's lock (a run being trained
/// or analysed elsewhere is refused, not written under) and atomically (a reader, <c>report</c> or
/// the viewer, sees the old file or the new one, never half of one).
/// </summary>
public static class AnalysisFile
{
    /// <summary>Writes <paramref name="text"/> as RUN_DIR/analysis/<paramref name="fileName"/>; returns its path.</summary>
    /// <exception cref="RunLockedException">Another process is writing to <paramref name="runDirectory"/>.</exception>
    public static string Save(string runDirectory, string fileName, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(text);
        if (fileName != Path.GetFileName(fileName))
        {
            throw new ArgumentException($"'{fileName}' is a path; an analysis file is named by its file name alone.", nameof(fileName));
        }
        using var writer = RunLock.Acquire(runDirectory, mustExist: true);
        string folder = Path.Combine(writer.Directory, RunAnalysis.Folder);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, fileName);
        AtomicFile.WriteAllText(path, text);
        return path;
    }
}
