using AlgoLens.IO;

namespace AlgoLens.Training;

/// <summary>metrics.csv of a run: appended row by row (flushed each time), truncated on resume.</summary>
public sealed class MetricsLog
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "metrics.csv";

    private readonly string path;
    private readonly string fileName;
    private readonly string header;
    private readonly List<MetricsRow> rows = [];
    private readonly string? cutLine;

    /// <summary>
    /// Opens (or creates, with <paramref name="header"/>) the log of a run folder. An existing log's
    /// last line is dropped when it is cut (no line end, as every row is written with one, or not a
    /// whole row): a process killed while appending leaves that; any other line that is not a row is
    /// an error naming the line.
    /// </summary>
    public MetricsLog(string runDirectory, string header = MetricsRow.ClassicHeader)
        : this(runDirectory, header, FileName)
    {
    }

    /// <summary>
    /// As <see cref="MetricsLog(string, string)"/>, for another log of the same form in the run
    /// folder, named <paramref name="fileName"/> (measures.csv of <c>train --measure</c>).
    /// </summary>
    public MetricsLog(string runDirectory, string header, string fileName)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(fileName);
        this.fileName = fileName;
        path = Path.Combine(runDirectory, fileName);
        this.header = header;
        if (File.Exists(path))
        {
            AlgoLens.IO.InputFile.RequireRegular(path, fileName);
            string existing = File.ReadLines(path).FirstOrDefault() ?? "";
            if (existing != header)
            {
                throw new FormatException($"{path} has the columns '{existing}', but this run logs '{header}'; it belongs to another run or task.");
            }
            rows.AddRange(ReadWhole(path, header, out cutLine));
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

    /// <summary>
    /// Throws unless the log holds every row that a run logging every <paramref name="logEvery"/>
    /// steps wrote before <paramref name="step"/>: a resumed run rewrites the rows from its checkpoint
    /// on, but rows before it exist only here, and resuming over a log that was cut or edited would
    /// lose them for good (a kill mid-append cuts only a row after the newest checkpoint).
    /// </summary>
    /// <exception cref="InvalidDataException">Rows before <paramref name="step"/> are missing; the message lists them and what to do.</exception>
    public void RequireRowsBefore(int step, int logEvery)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(logEvery);
        var have = rows.Select(r => r.Step).ToHashSet();
        var missing = new List<int>();
        for (long k = 0; k < step; k += logEvery)
        {
            if (!have.Contains((int)k))
            {
                missing.Add((int)k);
            }
        }
        if (missing.Count == 0)
        {
            return;
        }
        string shown = missing.Count <= 4
            ? string.Join(", ", missing)
            : $"{missing[0]}, {missing[1]}, ..., {missing[^1]}";
        string last = rows.Count == 0 ? "it has no whole row" : $"its last whole row is step {rows[^1].Step}";
        string cut = cutLine is null ? "" : $" (its last line, '{Shorten(cutLine)}', is cut off)";
        throw new InvalidDataException(
            $"{path} does not reach the checkpoint being resumed (step {step}): {missing.Count} of its rows before that step are missing (steps {shown}); "
            + $"{last}{cut}. The file was cut or edited, and resuming would lose those rows for good, so nothing was changed. "
            + $"Restore {fileName} from a copy of the run folder, or train the run again into a new --out.");
    }

    private static string Shorten(string line) => line.Length <= 40 ? line : line[..40] + "...";

    /// <summary>Drops rows at or after <paramref name="step"/> (a resumed run writes them again).</summary>
    public void TruncateFrom(int step)
    {
        rows.RemoveAll(r => r.Step >= step);
        AtomicFile.WriteAllText(path, header + "\n" + string.Concat(rows.Select(r => r.ToCsv() + "\n")));
    }

    // The rows of a log, strictly: a cut last line is dropped (returned in cutLine), and any
    // other line that is not a row is an error naming the file and line.
    private static List<MetricsRow> ReadWhole(string path, string header, out string? cutLine)
    {
        string text = File.ReadAllText(path);
        var lines = text.Split('\n');
        // Split leaves "" after a final line end; anything else there is a line without its end.
        string tail = lines[^1];
        cutLine = lines.Length > 1 && tail.Length > 0 ? tail : null;
        var result = new List<MetricsRow>();
        for (int i = 1; i < lines.Length - 1; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                result.Add(MetricsRow.Parse(line, header));
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                if (i == lines.Length - 2 && cutLine is null)
                {
                    // The last line, ended but not a whole row: cut as well.
                    cutLine = line;
                    continue;
                }
                throw new FormatException($"{path}, line {i + 1}, is not a row of this run's metrics ({e.Message}); the file was edited or damaged. Restore it from a copy of the run folder.", e);
            }
        }
        return result;
    }

    /// <summary>Reads a run's metrics; a torn last line (a kill mid-write) is skipped.</summary>
    public static IReadOnlyList<MetricsRow> Read(string runDirectory) => Read(runDirectory, FileName);

    /// <summary>As <see cref="Read(string)"/>, for the log named <paramref name="fileName"/> in the run folder.</summary>
    public static IReadOnlyList<MetricsRow> Read(string runDirectory, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        string file = Path.Combine(runDirectory, fileName);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"'{runDirectory}' has no {fileName}.");
        }
        var lines = AlgoLens.IO.InputFile.ReadAllLines(file, fileName);
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
