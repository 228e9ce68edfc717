namespace AlgoLens.Tensors;

public sealed partial class Tensor
{
    /// <summary>Broadcasting addition (<see cref="Ops.Add"/>).</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    /// <summary>Broadcasting subtraction (<see cref="Ops.Sub"/>).</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Sub(a, b);

    /// <summary>Broadcasting elementwise product (<see cref="Ops.Mul"/>).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Mul(a, b);

    /// <summary>Broadcasting elementwise quotient (<see cref="Ops.Div"/>).</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Div(a, b);

    /// <summary>Multiplication by a constant (<see cref="Ops.Scale"/>).</summary>
    public static Tensor operator *(Tensor a, float factor) => Ops.Scale(a, factor);

    /// <summary>Multiplication by a constant (<see cref="Ops.Scale"/>).</summary>
    public static Tensor operator *(float factor, Tensor a) => Ops.Scale(a, factor);

    /// <summary>Addition of a constant (<see cref="Ops.AddScalar"/>).</summary>
    public static Tensor operator +(Tensor a, float value) => Ops.AddScalar(a, value);

    /// <summary>Negation (<see cref="Ops.Neg"/>).</summary>
    public static Tensor operator -(Tensor a) => Ops.Neg(a);
}
