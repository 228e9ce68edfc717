using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>The rows a dictionary is fitted to: one hook's activation at one position, one row per example.</summary>
public static class DictionaryActivations
{
    /// <summary>Examples per forward pass: bounds the memory of caching thousands of examples.</summary>
    public const int RowsPerPass = 1024;

    /// <summary>
    /// The activation at <paramref name="hookName"/> (full name or shorthand) of shape [batch, pos, ...]
    /// at <paramref name="position"/> (negative counts from the end), one row per example with the
    /// trailing axes flattened: [batch, size of the trailing axes] (d_mlp for an MLP's post hook,
    /// n_heads·d_head for hook_z, d_hidden for the toy model's hook_hidden at one instance).
    /// </summary>
    public static double[,] Collect(IModel model, ModelInput input, string hookName, int position)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        string full = Resolve(model, hookName);
        double[,]? rows = null;
        using var noGrad = Tensor.NoGrad();
        for (int start = 0; start < input.Batch; start += RowsPerPass)
        {
            int n = Math.Min(RowsPerPass, input.Batch - start);
            using var memory = MemoryScope.Begin();
            var chunk = n == input.Batch ? input : input.SelectRows(Enumerable.Range(start, n).ToArray());
            var (_, cache) = model.RunWithCache(chunk, name => name == full);
            var activation = cache[full];
            var (q, width) = Layout(full, activation.Shape, position);
            rows ??= new double[input.Batch, width];
            int length = activation.Shape[1];
            var data = activation.Data;
            for (int b = 0; b < n; b++)
            {
                int source = (b * length + q) * width;
                for (int i = 0; i < width; i++)
                {
                    rows[start + b, i] = data[source + i];
                }
            }
        }
        return rows ?? throw new ArgumentException("The input holds no examples; give at least one.", nameof(input));
    }

    /// <summary>The full hook name <paramref name="hookName"/> stands for in <paramref name="model"/>, as every API resolves it.</summary>
    internal static string Resolve(IModel model, string hookName) =>
        model is ModelBase known
            ? known.ResolveHookName(hookName)
            : HookNames.ResolveIn(model.HookPoints.Select(h => h.Name).ToList(), 0, hookName);

    /// <summary>The position (made non-negative) and the row width of a [batch, pos, ...] activation; refuses other layouts.</summary>
    internal static (int Position, int Width) Layout(string fullName, int[] shape, int position)
    {
        if (shape.Length < 3 || fullName.EndsWith("hook_pattern", StringComparison.Ordinal) || fullName.EndsWith("hook_attn_scores", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{fullName}' has shape [{string.Join(", ", shape)}]; a dictionary reads hooks of shape [batch, pos, ...] such as blocks.0.mlp.hook_post, hook_resid_post or the toy model's hook_hidden. Choose such a hook.");
        }
        int length = shape[1];
        int q = position < 0 ? position + length : position;
        if (q < 0 || q >= length)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"Position {position} is outside the {length} positions of '{fullName}'; use 0..{length - 1} or −{length}..−1.");
        }
        return (q, Shape.Size(shape) / (shape[0] * length));
    }
}
