using AlgoLens.IO;

namespace AlgoLens.Training;

/// <summary>metrics.csv of a run: appended row by row (flushed each time), truncated on resume.</summary>
public sealed class MetricsLog
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "metrics.csv";

    private readonly string path;
    private readonly string header;
    private readonly List<MetricsRow> rows = [];

    /// <summary>Opens (or creates, with <paramref name="header"/>) the log of a run folder.</summary>
    public MetricsLog(string runDirectory, string header = MetricsRow.ClassicHeader)
    {
        ArgumentNullException.ThrowIfNull(header);
        path = Path.Combine(runDirectory, FileName);
        this.header = header;
        if (File.Exists(path))
        {
            AlgoLens.IO.InputFile.RequireRegular(path, FileName);
            string existing = File.ReadLines(path).FirstOrDefault() ?? "";
            if (existing != header)
            {
                throw new FormatException($"{path} has the columns '{existing}', but this run logs '{header}'; it belongs to another run or task.");
            }
            rows.AddRange(Read(runDirectory));
        }
        else
        {
            AtomicFile.WriteAllText(path, header + "\n");
        }
    }

    /// <summary>Rows so far.</summary>
    public IReadOnlyList<MetricsRow> Rows => rows;

    /// <summary>Appends a row.</summary>
    public void Append(MetricsRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Header != header)
        {
            throw new ArgumentException($"A row with the columns '{row.Header}' does not fit this log's '{header}'.");
        }
        rows.Add(row);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(stream);
        writer.Write(row.ToCsv() + "\n");
    }

    /// <summary>Drops rows at or after <paramref name="step"/> (a resumed run writes them again).</summary>
    public void TruncateFrom(int step)
    {
        rows.RemoveAll(r => r.Step >= step);
        AtomicFile.WriteAllText(path, header + "\n" + string.Concat(rows.Select(r => r.ToCsv() + "\n")));
    }

    /// <summary>Reads a run's metrics; a torn last line (a kill mid-write) is skipped.</summary>
    public static IReadOnlyList<MetricsRow> Read(string runDirectory)
    {
        string file = Path.Combine(runDirectory, FileName);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"'{runDirectory}' has no {FileName}.");
        }
        var lines = AlgoLens.IO.InputFile.ReadAllLines(file, FileName);
        var result = new List<MetricsRow>();
        if (lines.Length == 0)
        {
            return result;
        }
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            try
            {
                result.Add(MetricsRow.Parse(lines[i], lines[0]));
            }
            catch (FormatException) when (i == lines.Length - 1)
            {
                // A process killed while appending leaves at most one partial line, the last.
            }
        }
        return result;
    }
}
