using System.Globalization;
using AlgoLens.Analysis.Run;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Probes;

/// <summary>
/// A probe of a run's checkpoint (<c>algolens probe</c>): the task's examples run through the model
/// with the hook cached, one probe row per (example, position) where the feature is defined, and
/// <see cref="Probe.Classify"/> or <see cref="Probe.Regress"/> on those rows, at one hook or at each
/// layer. Its result is kept as RUN_DIR/analysis/probe-FEATURE-HOOK.json, which the report draws.
/// </summary>
public static class RunProbe
{
    /// <summary>Examples run through the model at a time (the cache of one batch stays small).</summary>
    private const int Batch = 256;

    /// <summary>The probe of <paramref name="run"/>'s checkpoint that <paramref name="request"/> asks for.</summary>
    /// <exception cref="ArgumentException">An unknown hook or feature, a position out of range, too few rows for the split.</exception>
    public static RunProbeResult Fit(RunFolder run, ProbeRequest request)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(request);
        TaskFeatures.Find(run.Task, request.Feature); // a bad feature is refused before the model loads
        var steps = run.Steps();
        int step = request.Step ?? (steps.Count > 0 ? steps[^1] : throw new ArgumentException($"{run.Directory} has no checkpoint; train it first."));
        if (!steps.Contains(step))
        {
            throw new ArgumentException($"{run.Directory} has no checkpoint at step {step}; its steps are {string.Join(", ", steps)}.");
        }
        return Fit(run.LoadModel(step), run.Task, step, request);
    }

    /// <summary>The probe of <paramref name="model"/> on examples of <paramref name="task"/>.</summary>
    public static RunProbeResult Fit(IModel model, ITask task, int step, ProbeRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(request);
        var (feature, _) = TaskFeatures.Find(task, request.Feature);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Examples, 1);
        var hooks = Hooks(model, request.Hook, request.AllLayers);
        var positions = Positions(task, feature, request.Positions);
        var examples = Examples(task, request.Examples, request.Seed);

        var rows = hooks.ToDictionary(h => h.Hook, _ => new List<double[]>());
        var values = new List<double>();
        for (int start = 0; start < examples.Count; start += Batch)
        {
            var chunk = examples.SelectRows(Enumerable.Range(start, Math.Min(Batch, examples.Count - start)).ToArray());
            var tokens = chunk.Input.Tokens ?? throw new ArgumentException($"Task '{task.Name}' has real-valued input; probes read token tasks' features.");
            var (_, featureValues) = TaskFeatures.Values(task, request.Feature, tokens);
            var present = positions.Where(p => p < tokens.Positions).ToArray();
            if (present.Length == 0)
            {
                continue;
            }
            var (_, cache) = model.RunWithCache(chunk.Input, name => rows.ContainsKey(name));
            var keep = new List<int>();
            for (int b = 0; b < tokens.Batch; b++)
            {
                for (int j = 0; j < present.Length; j++)
                {
                    double v = featureValues[b, present[j]];
                    if (!double.IsNaN(v))
                    {
                        keep.Add(b * present.Length + j);
                        values.Add(v);
                    }
                }
            }
            foreach (var (hook, list) in rows)
            {
                var activations = ProbeActivations.FromCache(cache, hook, present);
                int width = activations.GetLength(1);
                foreach (int r in keep)
                {
                    var row = new double[width];
                    for (int i = 0; i < width; i++)
                    {
                        row[i] = activations[r, i];
                    }
                    list.Add(row);
                }
            }
        }
        if (values.Count < new ProbeOptions().MinimumExamples)
        {
            throw new ArgumentException($"Feature '{request.Feature}' is defined at {values.Count} of the (example, position) pairs read; the train/test split needs at least {new ProbeOptions().MinimumExamples}. Give more --examples or other --positions (it is defined at {feature.DefinedAt}).");
        }
        var options = new ProbeOptions { Seed = request.Seed };
        var classes = feature.Kind == TaskFeatureKind.Class ? values.Distinct().Order().ToArray() : [];
        int[]? labels = feature.Kind == TaskFeatureKind.Class ? values.Select(v => Array.BinarySearch(classes, v)).ToArray() : null;
        var probes = hooks.Select(h =>
        {
            var features = ToMatrix(rows[h.Hook]);
            var result = labels is not null ? Probe.Classify(features, labels, options) : Probe.Regress(features, [.. values], options);
            return new LayerProbe(h.Layer, h.Hook, result);
        }).ToList();
        return new RunProbeResult(request.Feature, feature.KindName, step, examples.Count, values.Count, positions, classes, probes);
    }

    /// <summary>Writes <paramref name="result"/> as RUN_DIR/analysis/<see cref="FileName"/> (<see cref="AnalysisFile"/>); returns its path.</summary>
    public static string Save(string runDirectory, RunProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return AnalysisFile.Save(runDirectory, FileName(result), RunProbeJson.ToFileText(result));
    }

    /// <summary>probe-FEATURE-HOOK.json, the hook written with L for its layer when every layer was probed.</summary>
    public static string FileName(RunProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string hook = result.Probes.Count > 1 && result.Probes[0].Layer is int layer
            ? result.Probes[0].FullName.Replace($"blocks.{layer.ToString(CultureInfo.InvariantCulture)}.", "blocks.L.", StringComparison.Ordinal)
            : result.Probes[0].FullName;
        return $"probe-{Safe(result.Feature)}-{Safe(hook)}.json";
    }

    /// <summary>The file-name prefix of every probe result.</summary>
    public const string FilePrefix = "probe-";

    private static string Safe(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '_'));

    // The hook, or with allLayers the same hook at every block that has it.
    private static IReadOnlyList<(int? Layer, string Hook)> Hooks(IModel model, string hook, bool allLayers)
    {
        var names = model.HookPoints.Select(h => h.Name).ToList();
        string full;
        try
        {
            full = Resolve(model, names, hook, null);
        }
        catch (UnknownHookException) when (allLayers)
        {
            full = Resolve(model, names, hook, 0); // "resid_post" without a layer: any layer names the kind
        }
        int? layer = LayerOf(full);
        if (!allLayers)
        {
            return [(layer, full)];
        }
        if (layer is not int at)
        {
            throw new ArgumentException($"--all-layers probes a hook of every block, but '{full}' is outside the blocks. Give a per-layer hook such as resid_pre, resid_post, mlp_out or attn_out.");
        }
        string prefix = $"blocks.{at.ToString(CultureInfo.InvariantCulture)}.";
        string rest = full[prefix.Length..];
        var result = new List<(int?, string)>();
        for (int l = 0; names.Contains($"blocks.{l.ToString(CultureInfo.InvariantCulture)}.{rest}"); l++)
        {
            result.Add((l, $"blocks.{l.ToString(CultureInfo.InvariantCulture)}.{rest}"));
        }
        return result;
    }

    private static string Resolve(IModel model, IReadOnlyList<string> names, string hook, int? layer) =>
        model is ModelBase withNames ? withNames.ResolveHookName(hook, layer) : HookNames.ResolveIn(names, 0, hook, layer);

    private static int? LayerOf(string full)
    {
        if (!full.StartsWith("blocks.", StringComparison.Ordinal))
        {
            return null;
        }
        int dot = full.IndexOf('.', "blocks.".Length);
        return dot > 0 && int.TryParse(full.AsSpan("blocks.".Length, dot - "blocks.".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int l) ? l : null;
    }

    // The positions read, negatives counted from the end of the task's longest sequence.
    private static int[] Positions(ITask task, TaskFeatureInfo feature, IReadOnlyList<int>? asked)
    {
        int length = task.SequenceLength;
        if (asked is null)
        {
            return feature.PerPosition ? [.. Enumerable.Range(0, length)] : [length - 1];
        }
        if (asked.Count == 0)
        {
            throw new ArgumentException("No positions given; give at least one, or leave --positions out.");
        }
        return asked.Select(p => p >= -length && p < length
            ? (p < 0 ? p + length : p)
            : throw new ArgumentOutOfRangeException(nameof(asked), $"Position {p} is outside task '{task.Name}''s sequences of {length}; use 0..{length - 1} or -{length}..-1.")).Distinct().Order().ToArray();
    }

    // The examples: a sampled task draws them from the seed; an enumerated one gives a seeded subset.
    private static ExampleBatch Examples(ITask task, int count, ulong seed)
    {
        switch (task)
        {
            case ISampledTask sampled:
                return sampled.Sample(new Rng(seed), count);
            case IEnumeratedTask enumerated:
                var all = enumerated.Generate();
                if (count >= all.Count)
                {
                    return all;
                }
                return all.SelectRows(new Rng(seed).Permutation(all.Count).AsSpan(0, count));
            default:
                throw new ArgumentException($"Task '{task.Name}' neither samples nor enumerates its examples; a probe needs examples of it.");
        }
    }

    private static double[,] ToMatrix(List<double[]> rows)
    {
        var result = new double[rows.Count, rows.Count == 0 ? 0 : rows[0].Length];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int i = 0; i < rows[r].Length; i++)
            {
                result[r, i] = rows[r][i];
            }
        }
        return result;
    }
}
