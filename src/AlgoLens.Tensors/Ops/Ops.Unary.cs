using System.Numerics.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>max(x, 0). The gradient at 0 is taken as 0, as in PyTorch.</summary>
    public static Tensor Relu(Tensor x) =>
        Unary(x, "Relu", static (input, y) => TensorPrimitives.Max(input, 0f, y),
            static (g, input, y) => Elementwise.AddWherePositive(g, y, input.GradBuffer()));

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x) =>
        Unary(x, "Exp", static (input, y) => TensorPrimitives.Exp(input, y),
            static (g, input, y) => TensorPrimitives.FusedMultiplyAdd(g, y, input.GradBuffer(), input.GradBuffer()));

    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(Tensor x) =>
        Unary(x, "Log", static (input, y) => TensorPrimitives.Log(input, y), static (g, input, y) =>
        {
            var tmp = MemoryScope.Uninitialized(g.Length);
            TensorPrimitives.Divide(g, input.Data, tmp);
            Broadcasting.Accumulate(input.GradBuffer(), tmp);
        });

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) =>
        Unary(x, "Tanh", static (input, y) => TensorPrimitives.Tanh(input, y), static (g, input, y) =>
        {
            var gx = input.GradBuffer();
            for (int i = 0; i < g.Length; i++)
            {
                gx[i] += g[i] * (1f - y[i] * y[i]);
            }
        });

    /// <summary>x².</summary>
    public static Tensor Square(Tensor x) =>
        Unary(x, "Square", static (input, y) => TensorPrimitives.Multiply(input, input, y), static (g, input, y) =>
        {
            var gx = input.GradBuffer();
            for (int i = 0; i < g.Length; i++)
            {
                gx[i] += 2f * input.Data[i] * g[i];
            }
        });

    /// <summary>√x.</summary>
    public static Tensor Sqrt(Tensor x) =>
        Unary(x, "Sqrt", static (input, y) => TensorPrimitives.Sqrt(input, y), static (g, input, y) =>
        {
            var gx = input.GradBuffer();
            for (int i = 0; i < g.Length; i++)
            {
                gx[i] += 0.5f * g[i] / y[i];
            }
        });

    /// <summary>Applies an activation: the identity (x itself), <see cref="Relu"/>, <see cref="Gelu"/>,
    /// <see cref="GeluNew"/> or <see cref="Silu"/>.</summary>
    public static Tensor Activation(Tensor x, FusedActivation activation) => activation switch
    {
        FusedActivation.None => x,
        FusedActivation.Relu => Relu(x),
        FusedActivation.Gelu => Gelu(x),
        FusedActivation.GeluTanh => GeluNew(x),
        FusedActivation.Silu => Silu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not an activation."),
    };

    /// <summary>Writes f(x) into <paramref name="output"/> (as many values as x has).</summary>
    private delegate void UnaryForward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Adds the op's input gradient, given the output gradient and the output, into the input's grad buffer.</summary>
    private delegate void UnaryBackward(float[] gradOutput, Tensor input, float[] output);

    // The shape every one-input elementwise op shares: the output in the scope's memory, and the
    // backward recorded with the input and the output it reads. The ops pass static lambdas (cached,
    // no allocation); each backward keeps its own loop, so no call is made per element.
    private static Tensor Unary(Tensor x, string op, UnaryForward forward, UnaryBackward backward)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = MemoryScope.Uninitialized(x.Size);
        forward(x.Data, y);
        return Tensor.FromOp(y, x.Shape, op, [x], g => backward(g, x, y));
    }
}
