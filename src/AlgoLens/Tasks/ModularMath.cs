using System.Globalization;

namespace AlgoLens.Tasks;

/// <summary>
/// Number theory for the modular tasks, done from the definitions: trial division, Fermat
/// inverses, and the checks (with advice) on a modulus.
/// </summary>
internal static class ModularMath
{
    /// <summary>
    /// Largest modulus accepted. All p² pairs are materialized as int tokens; at 10007 that is 100
    /// million examples (about 1.6 GB), already far past any algorithmic-task experiment.
    /// </summary>
    public const int MaxModulus = 10007;

    public static bool IsPrime(int n)
    {
        if (n < 2)
        {
            return false;
        }
        for (int d = 2; (long)d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The representative of x in 0..p-1 (C#'s % keeps the dividend's sign).</summary>
    public static long Reduce(long x, long p)
    {
        long r = x % p;
        return r < 0 ? r + p : r;
    }

    /// <summary>b^e mod m by square-and-multiply; products stay below m² ≤ 2^63 for m &lt; 3·10^9.</summary>
    public static long PowMod(long b, long e, long m)
    {
        long result = 1 % m;
        long square = Reduce(b, m);
        for (; e > 0; e >>= 1)
        {
            if ((e & 1) != 0)
            {
                result = result * square % m;
            }
            square = square * square % m;
        }
        return result;
    }

    /// <summary>b⁻¹ mod p by Fermat's little theorem (b^(p-2)); p prime, b not a multiple of p.</summary>
    public static long Inverse(long b, long p) => PowMod(b, p - 2, p);

    /// <summary>Prime factors joined with a middle dot, e.g. "2·3·19" for 114.</summary>
    public static string Factorization(int n)
    {
        var factors = new List<string>();
        int rest = n;
        for (int d = 2; (long)d * d <= rest; d++)
        {
            while (rest % d == 0)
            {
                factors.Add(d.ToString(CultureInfo.InvariantCulture));
                rest /= d;
            }
        }
        if (rest > 1)
        {
            factors.Add(rest.ToString(CultureInfo.InvariantCulture));
        }
        return string.Join('·', factors);
    }

    /// <summary>The prime closest to n (the smaller one on a tie), for advice in error messages.</summary>
    public static int NearestPrime(int n)
    {
        for (int distance = 0; ; distance++)
        {
            if (IsPrime(n - distance))
            {
                return n - distance;
            }
            if (IsPrime(n + distance))
            {
                return n + distance;
            }
        }
    }

    /// <summary>
    /// Refuses a modulus outside 2..<see cref="MaxModulus"/>, or a composite one where
    /// <paramref name="primeReason"/> says why a prime is needed.
    /// </summary>
    /// <param name="p">The modulus (or, for min/max, the number of values).</param>
    /// <param name="taskName">Named in the message.</param>
    /// <param name="primeReason">Null when any modulus works; else why p must be prime.</param>
    public static void Validate(int p, string taskName, string? primeReason)
    {
        if (p < 2)
        {
            throw new ArgumentException(
                $"{taskName}: p = {p} is too small; p must be at least 2 (the grokking runs use 113 or 97).");
        }
        if (p > MaxModulus)
        {
            throw new ArgumentException(
                $"{taskName}: p = {p} is too large; all p² pairs are materialized, so p is at most {MaxModulus} " +
                "(the grokking runs use 113 or 97).");
        }
        if (primeReason is not null && !IsPrime(p))
        {
            throw new ArgumentException(
                $"{taskName}: {primeReason}, so p must be prime; {p} = {Factorization(p)} is not; try {NearestPrime(p)}.");
        }
    }
}
