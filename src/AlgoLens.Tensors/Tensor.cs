using AlgoLens.Tensors.Autograd;

namespace AlgoLens.Tensors;

/// <summary>
/// A float32, contiguous, row-major n-dimensional array that can take part in reverse-mode
/// automatic differentiation. Ops (see <see cref="Ops"/>) build a graph as they run
/// (define-by-run); <see cref="Backward(Tensor?)"/> walks it back from a result.
/// </summary>
public sealed partial class Tensor
{
    private readonly int[] shape;
    private bool requiresGrad;

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        int size = AlgoLens.Tensors.Shape.Size(shape);
        if (size != data.Length)
        {
            throw new ArgumentException(
                $"Data has {data.Length} elements but shape {AlgoLens.Tensors.Shape.Format(shape)} needs {size}.");
        }
        this.shape = (int[])shape.Clone();
        Data = data;
    }

    /// <summary>The dimensions (a copy; tensors never change shape).</summary>
    public int[] Shape => (int[])shape.Clone();

    /// <summary>The dimensions without a copy, for kernels.</summary>
    internal ReadOnlySpan<int> Dims => shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>Number of elements.</summary>
    public int Size => Data.Length;

    /// <summary>The elements, row-major. Views made by <see cref="Ops.Reshape"/> share this array.</summary>
    public float[] Data { get; }

    /// <summary>The accumulated gradient, or null when none has flowed here yet.</summary>
    public float[]? Grad { get; internal set; }

    /// <summary>An optional name (a parameter's name in its model, say).</summary>
    public string? Name { get; set; }

    /// <summary>The op that produced this tensor, when it was recorded.</summary>
    internal GradNode? Node { get; private set; }

    /// <summary>True when this tensor was not produced by a recorded op (an input or a parameter).</summary>
    public bool IsLeaf => Node is null;

    /// <summary>Keep this non-leaf tensor's gradient after backward (non-leaf gradients are dropped otherwise).</summary>
    public bool RetainsGrad { get; private set; }

    /// <summary>
    /// Whether gradients flow to this tensor. Settable on leaves only: a parameter with
    /// <c>RequiresGrad = false</c> is frozen.
    /// </summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (!IsLeaf)
            {
                throw new InvalidOperationException(
                    $"RequiresGrad can only be set on leaf tensors; this one was produced by '{Node!.Op}'. Use Detach() first.");
            }
            requiresGrad = value;
        }
    }

    /// <summary>Gradient as a tensor of this shape, or null.</summary>
    public Tensor? GradTensor => Grad is null ? null : new Tensor(Grad, shape);

    /// <summary>The tensor's shape formatted for messages.</summary>
    public string ShapeString => AlgoLens.Tensors.Shape.Format(shape);

    /// <summary>Starts a scope in which ops record no graph (inference, optimizer updates).</summary>
    public static NoGradScope NoGrad() => new(active: true);

    /// <summary>Creates a tensor filled with zeros.</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[AlgoLens.Tensors.Shape.Size(shape)], shape);

    /// <summary>Creates a tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var data = new float[AlgoLens.Tensors.Shape.Size(shape)];
        Array.Fill(data, value);
        return new Tensor(data, shape);
    }

    /// <summary>Creates a tensor filled with ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A 0-dimensional tensor holding one value.</summary>
    public static Tensor Scalar(float value) => new([value]);

    /// <summary>Copies <paramref name="data"/> into a new tensor of the given shape.</summary>
    public static Tensor FromArray(ReadOnlySpan<float> data, params int[] shape) => new(data.ToArray(), shape);

    /// <summary>A trainable leaf: a tensor that requires grad, with a name.</summary>
    public static Tensor Parameter(float[] data, int[] shape, string? name = null) =>
        new(data, shape) { RequiresGrad = true, Name = name };

    /// <summary>The single value of a one-element tensor.</summary>
    public float Item()
    {
        if (Size != 1)
        {
            throw new InvalidOperationException($"Item() needs a one-element tensor; this one has shape {ShapeString}.");
        }
        return Data[0];
    }

    /// <summary>Element at a multi-index.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => Data[FlatIndex(index)];
        set => Data[FlatIndex(index)] = value;
    }

    private int FlatIndex(int[] index)
    {
        if (index.Length != shape.Length)
        {
            throw new ArgumentException($"Index of rank {index.Length} for a tensor of shape {ShapeString}.");
        }
        int flat = 0;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)shape[i])
            {
                throw new IndexOutOfRangeException($"Index {index[i]} out of range for axis {i} of shape {ShapeString}.");
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /// <summary>A copy of the elements.</summary>
    public float[] ToArray() => (float[])Data.Clone();

    /// <summary>A deep copy with no graph and no gradient.</summary>
    public Tensor Clone() => new(ToArray(), shape) { Name = Name };

    /// <summary>The same data with no graph: gradients stop here.</summary>
    public Tensor Detach() => new(Data, shape) { Name = Name };

    /// <summary>Asks backward to keep this non-leaf tensor's gradient (e.g. for attribution).</summary>
    public Tensor RetainGrad()
    {
        RetainsGrad = true;
        return this;
    }

    /// <summary>Drops the gradient (it is re-created, zeroed, by the next backward).</summary>
    public void ZeroGrad()
    {
        Grad = null;
        spareGrad = null;
    }

    /// <summary>
    /// Drops the gradient as <see cref="ZeroGrad"/> does, but keeps a leaf's array for the next
    /// backward to reuse (zeroed, or overwritten whole, when it first writes to it), so a training
    /// loop allocates no parameter gradients after its first step. Until then <see cref="Grad"/> is
    /// null, as after <see cref="ZeroGrad"/>; an array read from <see cref="Grad"/> earlier is
    /// overwritten by that backward (copy what must outlive the step).
    /// </summary>
    public void ZeroGradKeepingStorage()
    {
        if (IsLeaf && Grad is not null)
        {
            spareGrad = Grad;
        }
        Grad = null;
    }

    // A leaf's gradient array kept by ZeroGradKeepingStorage for the next backward, or null.
    private float[]? spareGrad;

    /// <summary>
    /// The gradient buffer, created zeroed on first use. Backward functions add into it.
    /// </summary>
    /// Leaf gradients outlive any <see cref="MemoryScope"/>, so only non-leaf ones are pooled;
    /// a leaf's kept array (<see cref="ZeroGradKeepingStorage"/>) is reused, zeroed.
    internal float[] GradBuffer()
    {
        if (Grad is null && IsLeaf && TakeSpareGrad() is { } spare)
        {
            Array.Clear(spare);
            return Grad = spare;
        }
        return Grad ??= IsLeaf ? new float[Data.Length] : MemoryScope.Zeroed(Data.Length);
    }

    /// <summary>
    /// The gradient buffer for a backward function that writes every element: when there is no
    /// gradient yet the buffer is not zeroed and <paramref name="accumulate"/> is false (write, do
    /// not add), saving a zeroing pass and a read of zeros; otherwise add into the existing one.
    /// </summary>
    internal float[] GradBufferToOverwrite(out bool accumulate)
    {
        accumulate = Grad is not null;
        return Grad ??= IsLeaf ? TakeSpareGrad() ?? new float[Data.Length] : MemoryScope.Uninitialized(Data.Length);
    }

    private float[]? TakeSpareGrad()
    {
        var spare = spareGrad;
        spareGrad = null;
        return spare;
    }

    /// <summary>Whether an op on these inputs will be recorded for a backward (grad mode on and an
    /// input needs a gradient): ops skip state only their backward reads when it will not.</summary>
    internal static bool WillRecord(Tensor[] inputs) => GradMode.IsEnabled && inputs.Any(t => t.requiresGrad);

    /// <summary>Builds an op's output and, when grad mode is on and an input needs it, records the op.</summary>
    internal static Tensor FromOp(float[] data, int[] shape, string op, Tensor[] inputs, Action<float[]> backward)
    {
        var output = new Tensor(data, shape);
        OpProfiler.Current?.RecordForward(op);
        if (WillRecord(inputs))
        {
            output.Node = new GradNode(op, inputs, backward);
            output.requiresGrad = true;
        }
        return output;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string head = $"Tensor{ShapeString}{(Name is null ? "" : " " + Name)}{(requiresGrad ? " requires_grad" : "")}";
        int show = Math.Min(Size, 8);
        string values = string.Join(", ", Data.Take(show).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        return $"{head} [{values}{(Size > show ? ", ..." : "")}]";
    }
}
