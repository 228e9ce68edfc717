namespace AlgoLens.Analysis.Interp;

/// <summary>
/// The part of a hook's activation that an ablation or a patch touches: optionally one head, one
/// index on the last axis (an MLP neuron) and one position; every field left null means "all".
/// Negative indices count from the end, as in Python.
/// </summary>
/// <remarks>
/// Axes by hook kind: <c>attn.hook_q|k|v|z</c> [batch, pos, head, d_head]; <c>attn.hook_result</c>,
/// <c>hook_q_input|k_input|v_input</c>, <c>hook_attn_in</c> [batch, pos, head, d_model], and ln1's
/// <c>hook_normalized|hook_scale</c> while those switches give them a head axis (rank 4);
/// <c>attn.hook_attn_scores|hook_pattern</c> [batch, head, q_pos, k_pos], where the position is the
/// query and the last-axis index the key; every other hook [batch, pos, width], which has no head
/// axis (the last-axis index is then an MLP neuron on <c>mlp.hook_pre|post</c>, a residual
/// direction on d_model hooks).
/// </remarks>
/// <param name="Head">A head, on hooks that have a head axis.</param>
/// <param name="Neuron">An index on the last axis (an MLP neuron on mlp.hook_pre/hook_post).</param>
/// <param name="Position">A position (the query position on attention scores and patterns).</param>
public sealed record HookSelection(int? Head = null, int? Neuron = null, int? Position = null)
{
    /// <summary>The whole activation.</summary>
    public static HookSelection All { get; } = new();

    /// <summary>True when nothing is restricted.</summary>
    public bool IsAll => Head is null && Neuron is null && Position is null;

    /// <inheritdoc/>
    public override string ToString() =>
        IsAll ? "all" : string.Join(", ", new[] { Head is null ? null : $"head {Head}", Neuron is null ? null : $"neuron {Neuron}", Position is null ? null : $"position {Position}" }.OfType<string>());

    /// <summary>
    /// A flat mask over an activation of <paramref name="shape"/> at <paramref name="hookName"/>:
    /// true where the selection applies. Throws a clear error when the hook lacks an axis asked for
    /// or an index is out of range.
    /// </summary>
    internal bool[] Mask(string hookName, int[] shape)
    {
        var (posAxis, headAxis) = Axes(hookName, shape);
        int? head = Resolve(Head, headAxis, shape, "head", hookName);
        int? neuron = Resolve(Neuron, Neuron is null ? -1 : shape.Length - 1, shape, "last-axis index (neuron)", hookName);
        int? position = Resolve(Position, posAxis, shape, "position", hookName);

        int size = shape.Aggregate(1, (a, b) => a * b);
        var mask = new bool[size];
        int headStride = Stride(shape, headAxis), posStride = Stride(shape, posAxis);
        int last = shape[^1];
        for (int i = 0; i < size; i++)
        {
            mask[i] = (head is null || (i / headStride) % shape[headAxis] == head)
                && (position is null || (i / posStride) % shape[posAxis] == position)
                && (neuron is null || i % last == neuron);
        }
        return mask;
    }

    /// <summary>
    /// The shape of the selected part of an activation of <paramref name="shape"/>: the activation's
    /// shape without the axes a head, a position or a last-axis index fixes (its entries, in the
    /// activation's order, are those <see cref="Mask"/> marks).
    /// </summary>
    internal int[] SelectedShape(string hookName, int[] shape)
    {
        var (posAxis, headAxis) = Axes(hookName, shape);
        var fixedAxes = new HashSet<int>();
        if (Head is not null)
        {
            fixedAxes.Add(headAxis);
        }
        if (Position is not null)
        {
            fixedAxes.Add(posAxis);
        }
        if (Neuron is not null)
        {
            fixedAxes.Add(shape.Length - 1);
        }
        return shape.Where((_, axis) => !fixedAxes.Contains(axis)).ToArray();
    }

    // Position and head axes of a hook's activation; -1 when the hook has no such axis.
    private static (int PosAxis, int HeadAxis) Axes(string hookName, int[] shape)
    {
        if (shape.Length < 2)
        {
            throw new ArgumentException($"Hook '{hookName}' has shape [{string.Join(", ", shape)}]; ablation and patching need at least [batch, pos].");
        }
        string leaf = hookName[(hookName.LastIndexOf('.') + 1)..];
        return leaf switch
        {
            "hook_q" or "hook_k" or "hook_v" or "hook_z" or "hook_result" when shape.Length == 4 => (1, 2),
            "hook_q_input" or "hook_k_input" or "hook_v_input" or "hook_attn_in" when shape.Length == 4 => (1, 2),
            "hook_normalized" or "hook_scale" when shape.Length == 4 => (1, 2),
            "hook_attn_scores" or "hook_pattern" when shape.Length == 4 => (2, 1),
            _ => (1, -1),
        };
    }

    private static int? Resolve(int? index, int axis, int[] shape, string what, string hookName)
    {
        if (index is null)
        {
            return null;
        }
        if (axis < 0)
        {
            throw new ArgumentException($"Hook '{hookName}' (shape [{string.Join(", ", shape)}]) has no {what} axis; select a head only on attn.hook_q/k/v/z/result, hook_attn_scores, hook_pattern, or (with their switches on) hook_q_input/k_input/v_input/attn_in.");
        }
        int n = shape[axis];
        int resolved = index.Value < 0 ? index.Value + n : index.Value;
        if (resolved < 0 || resolved >= n)
        {
            throw new ArgumentOutOfRangeException(what, $"{what} {index} is out of range for hook '{hookName}', whose axis {axis} has {n} entries.");
        }
        return resolved;
    }

    private static int Stride(int[] shape, int axis)
    {
        int stride = 1;
        for (int a = shape.Length - 1; a > axis && axis >= 0; a--)
        {
            stride *= shape[a];
        }
        return stride;
    }
}
