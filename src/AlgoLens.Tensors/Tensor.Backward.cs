namespace AlgoLens.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Reverse-mode differentiation from this tensor. With no argument the tensor must hold one
    /// element (a loss) and its gradient is taken as 1; otherwise <paramref name="gradient"/> is the
    /// gradient of some scalar with respect to this tensor. Gradients accumulate into leaves that
    /// require grad (call <see cref="ZeroGrad"/> between steps); non-leaf gradients are released
    /// after use unless <see cref="RetainGrad"/> was called. The graph is kept, so backward may run
    /// again.
    /// </summary>
    public void Backward(Tensor? gradient = null)
    {
        if (!requiresGrad)
        {
            throw new InvalidOperationException(
                "Backward() on a tensor that does not require grad: no input of the computation requires grad, or it ran under NoGrad().");
        }
        float[] seed;
        if (gradient is null)
        {
            if (Size != 1)
            {
                throw new InvalidOperationException(
                    $"Backward() without a gradient needs a one-element tensor (a loss); this one has shape {ShapeString}. Pass the output gradient.");
            }
            seed = [1f];
        }
        else
        {
            if (!AlgoLens.Tensors.Shape.Equal(gradient.shape, shape))
            {
                throw new ArgumentException($"Backward(): gradient of shape {gradient.ShapeString} for a tensor of shape {ShapeString}.");
            }
            seed = gradient.Data;
        }

        var order = TopologicalOrder();
        var buffer = GradBuffer();
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] += seed[i];
        }

        // Reverse topological order: a tensor's gradient is complete before its node runs.
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (t.Grad is null)
            {
                continue;
            }
            var profiler = Autograd.OpProfiler.Current;
            long started = profiler is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
            t.Node!.Backward(t.Grad);
            profiler?.RecordBackward(t.Node.Op, started);
            if (!t.RetainsGrad && !ReferenceEquals(t, this))
            {
                t.Grad = null;
            }
        }
    }

    /// <summary>Non-leaf tensors that require grad, each after all tensors it depends on.</summary>
    private List<Tensor> TopologicalOrder()
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Tensor, int NextInput)>();
        if (Node is null)
        {
            return order;
        }
        stack.Push((this, 0));
        visited.Add(this);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.Node!.Inputs;
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var child = inputs[next];
                if (child.Node is not null && child.requiresGrad && visited.Add(child))
                {
                    stack.Push((child, 0));
                }
            }
            else
            {
                order.Add(t);
            }
        }
        return order;
    }
}
