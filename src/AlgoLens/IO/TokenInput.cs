using AlgoLens.Data;
using System.Globalization;
using AlgoLens.Models;

namespace AlgoLens.IO;

/// <summary>
/// Reads token batches given on the command line: either inline ("1 2 3; 4 5 6": sequences
/// separated by ';', tokens by spaces or commas) or a safetensors file holding an integer
/// <c>tokens</c> [batch, pos] tensor and optionally <c>labels</c> [batch].
/// </summary>
public static class TokenInput
{
    /// <summary>Parses tokens (and labels, when the file holds them).</summary>
    public static (TokenBatch Tokens, int[]? Labels) Read(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (File.Exists(spec))
        {
            var file = SafetensorsFile.Load(spec);
            if (!file.Contains("tokens"))
            {
                throw new ArgumentException($"{spec} has no 'tokens' tensor; it needs an integer tensor named 'tokens' of shape [batch, pos].");
            }
            var entry = file["tokens"];
            var shape = entry.Shape;
            if (shape.Length != 2)
            {
                throw new ArgumentException($"'tokens' in {spec} has shape {AlgoLens.Tensors.Shape.Format(shape)}; it must be [batch, pos].");
            }
            var ids = ToInt32(entry.ToInt64(), "tokens");
            int[]? labels = file.Contains("labels") ? ToInt32(file["labels"].ToInt64(), "labels") : null;
            return (new TokenBatch(ids, shape[0], shape[1]), labels);
        }
        if (spec.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            throw new FileNotFoundException($"Token file '{spec}' does not exist.");
        }
        var rows = ParseRows(spec, "tokens");
        return (TokenBatch.FromRows(rows), null);
    }

    /// <summary>Parses labels given inline ("5 7 9" or "5; 7; 9").</summary>
    public static int[] ReadLabels(string spec) =>
        ParseRows(spec, "labels").SelectMany(r => r).ToArray();

    private static List<IReadOnlyList<int>> ParseRows(string spec, string what)
    {
        var rows = new List<IReadOnlyList<int>>();
        foreach (string row in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var values = new List<int>();
            foreach (string item in row.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 0)
                {
                    throw new ArgumentException($"'{item}' in the {what} \"{spec}\" is not a non-negative integer. Write sequences as \"1 2 3; 4 5 6\", or give a safetensors file.");
                }
                values.Add(v);
            }
            rows.Add(values);
        }
        if (rows.Count == 0)
        {
            throw new ArgumentException($"No {what} in \"{spec}\".");
        }
        return rows;
    }

    private static int[] ToInt32(long[] values, string what) =>
        values.Select(v => v is >= 0 and <= int.MaxValue ? (int)v : throw new ArgumentException($"'{what}' holds {v}, which is not a valid token id.")).ToArray();
}
