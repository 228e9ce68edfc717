using System.Globalization;
using AlgoLens.IO;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// analysis/measures.csv: one row per analysed checkpoint, <c>step</c> then one column per scalar
/// of every measure that ran, in the registry's order. Numbers round-trip (format "R").
/// </summary>
public sealed class MeasureTable
{
    /// <summary>File name inside the analysis folder.</summary>
    public const string FileName = "measures.csv";

    private readonly List<int> steps = [];
    private readonly List<double[]> rows = [];
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

    /// <summary>A table with the given columns (after <c>step</c>).</summary>
    public MeasureTable(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        for (int i = 0; i < columns.Count; i++)
        {
            if (!index.TryAdd(columns[i], i))
            {
                throw new ArgumentException($"Two measures write the column '{columns[i]}': rename one of them.", nameof(columns));
            }
        }
        Columns = columns.ToArray();
    }

    /// <summary>Column names after <c>step</c>.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The steps, ascending.</summary>
    public IReadOnlyList<int> Steps => steps;

    /// <summary>Whether the table has the column.</summary>
    public bool Has(string column) => index.ContainsKey(column);

    /// <summary>Appends one checkpoint's values.</summary>
    public void Add(int step, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var row = new double[Columns.Count];
        Array.Fill(row, double.NaN);
        foreach (var (name, value) in values)
        {
            row[index.TryGetValue(name, out int i) ? i : throw new ArgumentException($"Column '{name}' at step {step} was not declared at the first checkpoint: a measure must return the same names at every checkpoint.", nameof(values))] = value;
        }
        steps.Add(step);
        rows.Add(row);
    }

    /// <summary>The values of a column, one per step.</summary>
    public double[] Column(string name) =>
        index.TryGetValue(name, out int i) ? rows.Select(r => r[i]).ToArray() : throw new KeyNotFoundException($"measures.csv has no column '{name}'; its columns: {string.Join(", ", Columns)}.");

    /// <summary>The value at one row.</summary>
    public double this[int row, string column] => rows[row][index[column]];

    /// <summary>Writes RUN_DIR/analysis/measures.csv atomically.</summary>
    public void Save(string analysisDirectory)
    {
        var text = new System.Text.StringBuilder("step," + string.Join(",", Columns) + "\n");
        for (int r = 0; r < rows.Count; r++)
        {
            text.Append(steps[r].ToString(CultureInfo.InvariantCulture));
            foreach (double v in rows[r])
            {
                text.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        AtomicFile.WriteAllText(Path.Combine(analysisDirectory, FileName), text.ToString());
    }

    /// <summary>Reads RUN_DIR/analysis/measures.csv.</summary>
    public static MeasureTable Load(string runDirectory)
    {
        string path = Path.Combine(runDirectory, RunAnalysis.Folder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{runDirectory}' has no {RunAnalysis.Folder}/{FileName}: run `algolens analyze {runDirectory}` first.");
        }
        var lines = AlgoLens.IO.InputFile.ReadAllLines(path, Path.GetFileName(path)).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        if (header[0] != "step")
        {
            throw new FormatException($"{path} does not start with a 'step' column.");
        }
        var table = new MeasureTable(header[1..]);
        foreach (string line in lines.Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length != header.Length)
            {
                throw new FormatException($"{path}: line '{line}' has {fields.Length} fields; the header has {header.Length}.");
            }
            table.steps.Add(int.Parse(fields[0], CultureInfo.InvariantCulture));
            table.rows.Add(fields.Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray());
        }
        return table;
    }
}
