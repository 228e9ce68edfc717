namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// The modular operations whose Fourier mechanism the analyses of this namespace measure:
/// c = (a + s·b) mod p with a sign s, +1 for addition and −1 for subtraction. Both are the group
/// Z_p read through the token values, so the characters of Z_p (the Fourier basis over the tokens)
/// diagonalise them: the grokked circuit computes cos/sin(w(a + s·b)) from the embeddings' cos/sin
/// of wa and wb and reads logit(c) ≈ Σ_k α_k cos(w_k(a + s·b − c)).
/// </summary>
/// <remarks>
/// Everything that depends on the operation goes through <see cref="Sign"/>: the grid's labels, the
/// combined angle of the key directions (cos(w(a + s·b)) = cos wa·cos wb − s·sin wa·sin wb and
/// sin(w(a + s·b)) = sin wa·cos wb + s·cos wa·sin wb) and the class each input belongs to in the
/// logit fit. What does not depend on it: the per-frequency norms of W_E and W_L (one axis of
/// length p each), their Gini coefficients, and the neurons' 2-D frequency blocks
/// {0, 2k−1, 2k}², which hold both cos wa·cos wb ∓ sin wa·sin wb.
/// </remarks>
public sealed class CyclicOperation
{
    private CyclicOperation(string name, int sign, string formula)
    {
        Name = name;
        Sign = sign;
        Formula = formula;
    }

    /// <summary>(a + b) mod p: s = +1, Nanda et al.'s task.</summary>
    public static CyclicOperation Add { get; } = new("add", +1, "a + b");

    /// <summary>(a − b) mod p: s = −1.</summary>
    public static CyclicOperation Sub { get; } = new("sub", -1, "a − b");

    /// <summary>The task's operation name (<c>add</c>, <c>sub</c>).</summary>
    public string Name { get; }

    /// <summary>s: +1 for addition, −1 for subtraction; the label is (a + s·b) mod p.</summary>
    public int Sign { get; }

    /// <summary>The expression, for text: "a + b" or "a − b".</summary>
    public string Formula { get; }

    /// <summary>The combined angle's argument with the output, for text: "a + b − c" or "a − b − c".</summary>
    public string WithOutput => Formula + " − c";

    /// <summary>The operation of a modular-arithmetic task by its name; null when it is not one of these.</summary>
    public static CyclicOperation? FromName(string name) => name switch
    {
        "add" => Add,
        "sub" => Sub,
        _ => null,
    };

    /// <summary>(a + s·b) mod p, in 0 .. p − 1.</summary>
    public int Apply(int a, int b, int p) => (int)((((long)a + (long)Sign * b) % p + p) % p);

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
