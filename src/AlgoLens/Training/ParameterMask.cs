using System.Globalization;
using AlgoLens.IO;
using AlgoLens.Models;

namespace AlgoLens.Training;

/// <summary>
/// Which entries of a model's parameters may be non-zero: a pruned (lottery-ticket) run trains
/// only the kept entries. Parameters the mask does not name are kept whole. The trainer zeroes the
/// removed entries at the start, zeroes their gradients before clipping and the optimiser step (so
/// AdamW's moments of those entries stay exactly zero) and sets them to zero again after each step
/// (so no decay or rounding can move them): they are exactly 0 at every step.
/// </summary>
/// <remarks>
/// Saved as <c>mask.safetensors</c> beside run.json: one F32 tensor per masked parameter, of the
/// parameter's shape, 1 where kept and 0 where removed.
/// </remarks>
public sealed class ParameterMask
{
    /// <summary>The file a masked run keeps its mask in, beside run.json.</summary>
    public const string FileName = "mask.safetensors";

    private readonly Dictionary<string, (int[] Shape, bool[] Kept, int[] Removed)> entries;
    private readonly List<string> order;

    /// <summary>A mask from each masked parameter's shape and kept flags (row-major).</summary>
    /// <exception cref="ArgumentException">A flag array whose length is not its shape's size.</exception>
    public ParameterMask(IEnumerable<(string Name, int[] Shape, bool[] Kept)> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        entries = new Dictionary<string, (int[], bool[], int[])>(StringComparer.Ordinal);
        order = [];
        foreach (var (name, shape, kept) in parameters)
        {
            long size = shape.Aggregate(1L, (a, b) => a * b);
            if (kept.Length != size)
            {
                throw new ArgumentException($"The mask of '{name}' has {kept.Length} entries but its shape [{string.Join(", ", shape)}] needs {size}; build it from the parameter's own shape.", nameof(parameters));
            }
            if (!entries.TryAdd(name, ((int[])shape.Clone(), (bool[])kept.Clone(), Enumerable.Range(0, kept.Length).Where(i => !kept[i]).ToArray())))
            {
                throw new ArgumentException($"The mask names '{name}' twice; give each parameter once.", nameof(parameters));
            }
            order.Add(name);
        }
    }

    /// <summary>A mask that keeps every entry of the named parameters of <paramref name="model"/> (it changes nothing).</summary>
    public static ParameterMask AllKept(IModel model, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(names);
        return new ParameterMask(names.Select(n => (n, model.Parameters[n].Shape.ToArray(), Enumerable.Repeat(true, model.Parameters[n].Size).ToArray())));
    }

    /// <summary>The masked parameters, in the order given.</summary>
    public IReadOnlyList<string> Names => order;

    /// <summary>The shape of a masked parameter.</summary>
    public IReadOnlyList<int> ShapeOf(string name) => Entry(name).Shape;

    /// <summary>The kept flags of a masked parameter (row-major; a copy).</summary>
    public bool[] KeptOf(string name) => (bool[])Entry(name).Kept.Clone();

    /// <summary>Whether entry <paramref name="index"/> of a masked parameter is kept.</summary>
    public bool IsKept(string name, int index) => Entry(name).Kept[index];

    /// <summary>How many entries of a masked parameter are kept.</summary>
    public int KeptCount(string name) => Entry(name).Kept.Length - Entry(name).Removed.Length;

    /// <summary>How many entries of a masked parameter there are.</summary>
    public int Size(string name) => Entry(name).Kept.Length;

    /// <summary>Removed entries over all masked entries (0 when nothing is masked).</summary>
    public double Sparsity
    {
        get
        {
            long total = order.Sum(n => (long)Size(n));
            return total == 0 ? 0 : (double)order.Sum(n => (long)entries[n].Removed.Length) / total;
        }
    }

    /// <summary>Kept fraction per masked parameter, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> KeptFractions() =>
        order.Select(n => new KeyValuePair<string, double>(n, Size(n) == 0 ? 1 : (double)KeptCount(n) / Size(n))).ToList();

    /// <summary>
    /// Checks that every masked parameter exists in <paramref name="model"/> with the mask's shape
    /// and trains (a frozen parameter needs no mask).
    /// </summary>
    /// <exception cref="ArgumentException">The mask does not fit the model; the message names the parameter.</exception>
    public void EnsureFits(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (string name in order)
        {
            if (!model.Parameters.Contains(name))
            {
                throw new ArgumentException($"The mask names '{name}', which the model does not have. Parameters: {string.Join(", ", model.Parameters.Names)}. Build the mask from this model.");
            }
            var parameter = model.Parameters[name];
            if (!parameter.Shape.SequenceEqual(entries[name].Shape))
            {
                throw new ArgumentException($"The mask of '{name}' has shape [{string.Join(", ", entries[name].Shape)}] but the parameter has [{string.Join(", ", parameter.Shape.ToArray())}]. Build the mask from this model.");
            }
        }
    }

    /// <summary>Sets every removed entry of the model's parameters to exactly zero.</summary>
    public void ApplyToWeights(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (string name in order)
        {
            var data = model.Parameters[name].Data;
            foreach (int i in entries[name].Removed)
            {
                data[i] = 0f;
            }
        }
    }

    /// <summary>Sets every removed entry of the parameters' gradients (where they have one) to zero.</summary>
    public void ApplyToGradients(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (string name in order)
        {
            if (model.Parameters[name].Grad is not { } grad)
            {
                continue;
            }
            foreach (int i in entries[name].Removed)
            {
                grad[i] = 0f;
            }
        }
    }

    /// <summary>Writes the mask (one 0/1 F32 tensor per parameter), atomically.</summary>
    public void Save(string path)
    {
        var writer = new SafetensorsWriter().Metadata("format", "algolens-parameter-mask");
        foreach (string name in order)
        {
            var (shape, kept, _) = entries[name];
            writer.Add(name, kept.Select(k => k ? 1f : 0f).ToArray(), shape);
        }
        writer.Save(path);
    }

    /// <summary>Reads a mask written by <see cref="Save"/>; any value other than 0 or 1 is refused.</summary>
    /// <exception cref="FormatException">A value other than 0 or 1.</exception>
    public static ParameterMask Load(string path)
    {
        var file = SafetensorsFile.Load(path);
        return new ParameterMask(file.Names.Select(name =>
        {
            float[] values = file[name].ToFloat32();
            var kept = new bool[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                kept[i] = values[i] switch
                {
                    1f => true,
                    0f => false,
                    _ => throw new FormatException($"{path}: entry {i.ToString(CultureInfo.InvariantCulture)} of '{name}' is {values[i].ToString("R", CultureInfo.InvariantCulture)}; a mask holds only 0 (removed) and 1 (kept). Write it again with ParameterMask.Save."),
                };
            }
            return (name, file[name].Shape, kept);
        }));
    }

    private (int[] Shape, bool[] Kept, int[] Removed) Entry(string name) =>
        entries.TryGetValue(name, out var entry)
            ? entry
            : throw new ArgumentException($"The mask does not name '{name}'. It names: {string.Join(", ", order)}.", nameof(name));
}
