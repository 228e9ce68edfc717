using System.Globalization;
using AlgoLens.Analysis.Fourier;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// The part of an activation vector (one position's, one head's when the node selects one) that a
/// hypothesis claims: the part is computed on an input of the same feature value, the rest (the
/// vector minus the part) on a random input. Parts are linear, so part + rest is the activation.
/// </summary>
public abstract class ScrubSubspace
{
    /// <summary>The whole vector: nothing is left over to resample at random.</summary>
    public static ScrubSubspace All { get; } = new AllSubspace();

    /// <summary>A short description, e.g. "all" or "4 directions".</summary>
    public abstract string Describe();

    /// <summary>
    /// Writes the claimed part of <paramref name="vector"/> into <paramref name="part"/>;
    /// <paramref name="token"/> is the token at the vector's position in the input it was computed on.
    /// </summary>
    public abstract void Part(ReadOnlySpan<float> vector, int token, Span<float> part);

    /// <summary>Throws when the subspace does not fit vectors of <paramref name="width"/> at <paramref name="hook"/>.</summary>
    internal virtual void CheckFits(string hook, int width)
    {
    }

    private sealed class AllSubspace : ScrubSubspace
    {
        public override string Describe() => "all";

        public override void Part(ReadOnlySpan<float> vector, int token, Span<float> part) => vector.CopyTo(part);
    }
}

/// <summary>
/// The span of given directions of the activation's last axis: the part is the orthogonal projection
/// onto it. The directions are orthonormalised (Gram–Schmidt, in double); they must be independent.
/// </summary>
public sealed class DirectionSubspace : ScrubSubspace
{
    private readonly double[][] basis;

    /// <summary>The span of <paramref name="directions"/>, each as long as the activation's last axis.</summary>
    /// <exception cref="ArgumentException">No direction, directions of different lengths, or dependent ones.</exception>
    public DirectionSubspace(IReadOnlyList<IReadOnlyList<double>> directions)
    {
        ArgumentNullException.ThrowIfNull(directions);
        if (directions.Count == 0)
        {
            throw new ArgumentException("A 'directions' subspace needs at least one direction.");
        }
        Width = directions[0].Count;
        var orthonormal = new List<double[]>();
        for (int d = 0; d < directions.Count; d++)
        {
            if (directions[d].Count != Width)
            {
                throw new ArgumentException($"Direction {d} has {directions[d].Count} entries but direction 0 has {Width}; every direction spans the activation's last axis.");
            }
            var v = directions[d].ToArray();
            double original = Math.Sqrt(v.Sum(x => x * x));
            foreach (var b in orthonormal)
            {
                double dot = Dot(v, b);
                for (int i = 0; i < v.Length; i++)
                {
                    v[i] -= dot * b[i];
                }
            }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            if (!(original > 0) || norm <= 1e-6 * original)
            {
                throw new ArgumentException($"Direction {d} is zero or lies in the span of the directions before it; give independent directions.");
            }
            orthonormal.Add(v.Select(x => x / norm).ToArray());
        }
        basis = [.. orthonormal];
    }

    /// <summary>Length of each direction (the activation's last axis).</summary>
    public int Width { get; }

    /// <summary>The dimension of the span.</summary>
    public int Rank => basis.Length;

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Rank} direction{(Rank == 1 ? "" : "s")}");

    /// <inheritdoc/>
    internal override void CheckFits(string hook, int width)
    {
        if (width != Width)
        {
            throw new ArgumentException($"The directions have {Width} entries but '{hook}' has {width} per position (and head); give directions of length {width}.");
        }
    }

    /// <inheritdoc/>
    public override void Part(ReadOnlySpan<float> vector, int token, Span<float> part)
    {
        part.Clear();
        var projected = new double[vector.Length];
        foreach (var b in basis)
        {
            double dot = 0;
            for (int i = 0; i < vector.Length; i++)
            {
                dot += vector[i] * b[i];
            }
            for (int i = 0; i < vector.Length; i++)
            {
                projected[i] += dot * b[i];
            }
        }
        for (int i = 0; i < vector.Length; i++)
        {
            part[i] = (float)projected[i];
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}

/// <summary>
/// The Fourier part of a token embedding over Z_p (on <c>hook_embed</c>, whose activation at a
/// position is W_E[token]): for token t, Σ_{k∈K} cos(w_k t)·c_k + sin(w_k t)·s_k, where c_k and s_k
/// are the coefficients of W_E[0..p−1] (as a function of t) on the orthonormal cos/sin rows of
/// frequency k (<see cref="FourierBasis"/>). That is the embedding's component in the span of
/// cos/sin(w_k·t), k ∈ K: a function of the token that the frequencies K alone determine. The
/// constant and the other frequencies are the rest.
/// </summary>
public sealed class FourierEmbeddingSubspace : ScrubSubspace
{
    private readonly float[] table; // [p, d_model]: the part for each number token
    private readonly int width;

    /// <summary>The Fourier part of <paramref name="embedding"/> (W_E, [d_vocab, d_model] row-major) in frequencies <paramref name="frequencies"/> of Z_p.</summary>
    /// <exception cref="ArgumentException">An even or too small p, a frequency outside 1..(p−1)/2, or fewer than p rows.</exception>
    public FourierEmbeddingSubspace(float[] embedding, int dVocab, int p, IReadOnlyList<int> frequencies)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(frequencies);
        var basis = new FourierBasis(p);
        basis.CheckFrequencies(frequencies, nameof(frequencies));
        if (frequencies.Count == 0)
        {
            throw new ArgumentException("A 'fourier' subspace needs at least one frequency.", nameof(frequencies));
        }
        if (dVocab < p)
        {
            throw new ArgumentException($"The embedding has {dVocab} tokens, fewer than p = {p} numbers.", nameof(embedding));
        }
        P = p;
        Frequencies = frequencies.Distinct().Order().ToArray();
        width = embedding.Length / dVocab;
        table = new float[p * width];
        var rows = Frequencies.SelectMany(k => new[] { basis.CosRow(k), basis.SinRow(k) }).ToArray();
        var sum = new double[p * width];
        foreach (int row in rows)
        {
            // coefficient[j] = Σ_t F[row, t]·W_E[t, j]; the part adds F[row, t]·coefficient.
            var coefficient = new double[width];
            for (int t = 0; t < p; t++)
            {
                double f = basis[row, t];
                for (int j = 0; j < width; j++)
                {
                    coefficient[j] += f * embedding[t * width + j];
                }
            }
            for (int t = 0; t < p; t++)
            {
                double f = basis[row, t];
                for (int j = 0; j < width; j++)
                {
                    sum[t * width + j] += f * coefficient[j];
                }
            }
        }
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (float)sum[i];
        }
    }

    /// <summary>The modulus.</summary>
    public int P { get; }

    /// <summary>The frequencies whose part is claimed, ascending.</summary>
    public IReadOnlyList<int> Frequencies { get; }

    /// <inheritdoc/>
    public override string Describe() => $"Fourier frequencies {string.Join(", ", Frequencies)} of the token (mod {P})";

    /// <inheritdoc/>
    internal override void CheckFits(string hook, int width)
    {
        if (hook != Models.HookNames.Embed)
        {
            throw new ArgumentException($"A 'fourier' subspace splits the token embedding and applies to '{Models.HookNames.Embed}' only, not '{hook}'; use 'directions' elsewhere.");
        }
        if (width != this.width)
        {
            throw new ArgumentException($"The Fourier table has width {this.width} but '{hook}' has {width}.");
        }
    }

    /// <inheritdoc/>
    public override void Part(ReadOnlySpan<float> vector, int token, Span<float> part)
    {
        if ((uint)token >= (uint)P)
        {
            throw new ArgumentException($"Token {token} is not a number 0..{P - 1}; a 'fourier' node may only cover positions that hold numbers (e.g. positions [0, 1] of 'a b =').");
        }
        table.AsSpan(token * width, width).CopyTo(part);
    }
}
