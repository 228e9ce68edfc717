using AlgoLens.IO;

namespace AlgoLens.Training;

/// <summary>metrics.csv of a run: appended row by row (flushed each time), truncated on resume.</summary>
public sealed class MetricsLog
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "metrics.csv";

    private readonly string path;
    private readonly List<MetricsRow> rows = [];

    /// <summary>Opens (or creates) the log of a run folder.</summary>
    public MetricsLog(string runDirectory)
    {
        path = Path.Combine(runDirectory, FileName);
        if (File.Exists(path))
        {
            rows.AddRange(Read(runDirectory));
        }
        else
        {
            AtomicFile.WriteAllText(path, MetricsRow.Header + "\n");
        }
    }

    /// <summary>Rows so far.</summary>
    public IReadOnlyList<MetricsRow> Rows => rows;

    /// <summary>Appends a row.</summary>
    public void Append(MetricsRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        rows.Add(row);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(stream);
        writer.Write(row.ToCsv() + "\n");
    }

    /// <summary>Drops rows at or after <paramref name="step"/> (a resumed run writes them again).</summary>
    public void TruncateFrom(int step)
    {
        rows.RemoveAll(r => r.Step >= step);
        AtomicFile.WriteAllText(path, MetricsRow.Header + "\n" + string.Concat(rows.Select(r => r.ToCsv() + "\n")));
    }

    /// <summary>Reads a run's metrics; a torn last line (a kill mid-write) is skipped.</summary>
    public static IReadOnlyList<MetricsRow> Read(string runDirectory)
    {
        string file = Path.Combine(runDirectory, FileName);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"'{runDirectory}' has no {FileName}.");
        }
        var lines = File.ReadAllLines(file);
        var result = new List<MetricsRow>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            try
            {
                result.Add(MetricsRow.Parse(lines[i]));
            }
            catch (FormatException) when (i == lines.Length - 1)
            {
                // A process killed while appending leaves at most one partial line, the last.
            }
        }
        return result;
    }
}
