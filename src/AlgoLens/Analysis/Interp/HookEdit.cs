using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// One head's or one neuron's activation edited in one line, as a (hook name, hook) pair for
/// <see cref="IModel.RunWithHooks(Data.ModelInput, ValueTuple{string, HookFunction}[])"/>:
/// <c>model.RunWithHooks(tokens, HookEdit.Head("z", layer: 1, head: 0, a =&gt; a * 0f))</c>,
/// <c>HookEdit.Neuron(layer: 0, neuron: 17, value: 0f)</c>. The edit function sees the selected part
/// only (a head's [batch, pos, d_head] of hook_z/q/k/v, its [batch, q_pos, k_pos] of hook_pattern or
/// hook_attn_scores; a neuron's [batch, pos]; one axis fewer with a position) and returns it in the
/// same shape. Gradients still reach the entries left alone; the edited entries are constants.
/// </summary>
public static class HookEdit
{
    /// <summary>Head <paramref name="head"/> of <paramref name="component"/> (z, q, k, v, pattern, attn_scores, result) in <paramref name="layer"/>, through <paramref name="edit"/>.</summary>
    public static (string HookName, HookFunction Hook) Head(string component, int layer, int head, Func<Tensor, Tensor> edit, int? position = null) =>
        Edit(Name(component, layer), new HookSelection(Head: head, Position: position), edit);

    /// <summary>Head <paramref name="head"/> of <paramref name="component"/> in <paramref name="layer"/> set to <paramref name="value"/> everywhere (or at one position).</summary>
    public static (string HookName, HookFunction Hook) Head(string component, int layer, int head, float value, int? position = null) =>
        Edit(Name(component, layer), new HookSelection(Head: head, Position: position), Constant(value));

    /// <summary>MLP neuron <paramref name="neuron"/> of <paramref name="layer"/> (hook_post by default, or "pre"), through <paramref name="edit"/>.</summary>
    public static (string HookName, HookFunction Hook) Neuron(int layer, int neuron, Func<Tensor, Tensor> edit, int? position = null, string component = "post") =>
        Edit(Name(component, layer), new HookSelection(Neuron: neuron, Position: position), edit);

    /// <summary>MLP neuron <paramref name="neuron"/> of <paramref name="layer"/> (hook_post by default) set to <paramref name="value"/>.</summary>
    public static (string HookName, HookFunction Hook) Neuron(int layer, int neuron, float value, int? position = null, string component = "post") =>
        Edit(Name(component, layer), new HookSelection(Neuron: neuron, Position: position), Constant(value));

    /// <summary>Any <see cref="HookSelection"/> of any hook (full name or shorthand) through <paramref name="edit"/>.</summary>
    public static (string HookName, HookFunction Hook) Edit(string hookName, HookSelection selection, Func<Tensor, Tensor> edit)
    {
        ArgumentException.ThrowIfNullOrEmpty(hookName);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(edit);
        return (hookName, (activation, hook) =>
        {
            var mask = selection.Mask(hook, activation.Shape);
            var partShape = selection.SelectedShape(hook, activation.Shape);
            var part = new float[Shape.Size(partShape)];
            int k = 0;
            for (int i = 0; i < mask.Length; i++)
            {
                if (mask[i])
                {
                    part[k++] = activation.Data[i];
                }
            }
            Tensor edited;
            using (Tensor.NoGrad())
            {
                edited = edit(new Tensor(part, partShape));
            }
            if (!edited.Shape.SequenceEqual(partShape))
            {
                throw new InvalidOperationException($"The edit of {selection} at '{hook}' returned shape {edited.ShapeString}; it must keep the selected part's shape {Shape.Format(partShape)}.");
            }
            var source = new float[activation.Size];
            k = 0;
            for (int i = 0; i < mask.Length; i++)
            {
                if (mask[i])
                {
                    source[i] = edited.Data[k++];
                }
            }
            return ActivationEdit.Replace(activation, new Tensor(source, activation.Shape), mask);
        });
    }

    private static string Name(string component, int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        return HookNames.Resolve(component, layer);
    }

    private static Func<Tensor, Tensor> Constant(float value) => part =>
    {
        var filled = new float[part.Size];
        Array.Fill(filled, value);
        return new Tensor(filled, part.Shape);
    };
}
