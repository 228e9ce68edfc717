namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// An op's recorded inputs: the given tensors in order, the absent optional ones (a null bias
    /// or addend) left out. A loop rather than a LINQ filter, which would allocate an iterator and
    /// a growing list on every op of every step.
    /// </summary>
    internal static Tensor[] NonNull(params ReadOnlySpan<Tensor?> tensors)
    {
        int count = 0;
        foreach (var t in tensors)
        {
            count += t is null ? 0 : 1;
        }
        var inputs = new Tensor[count];
        count = 0;
        foreach (var t in tensors)
        {
            if (t is not null)
            {
                inputs[count++] = t;
            }
        }
        return inputs;
    }
}
