using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// The GEMM kernel families as test cases of their own, so that a family this CPU lacks is reported
/// as skipped with the reason, never counted as passed by a loop that filtered it out.
/// </summary>
internal static class KernelFamilies
{
    /// <summary>Every family, the portable one included.</summary>
    public static readonly GemmIsa[] All = [GemmIsa.Avx512, GemmIsa.Avx2, GemmIsa.Portable];

    /// <summary>Each row of <paramref name="cases"/> once per family, the family's name first.</summary>
    public static IEnumerable<object[]> Each(IEnumerable<object?[]> cases, params GemmIsa[] families) =>
        from family in families from row in cases select (object[])[family.ToString(), .. row];

    /// <summary>The family named, or a skip (in a [SkippableFact] or [SkippableTheory]) that names what this CPU lacks.</summary>
    public static GemmIsa Require(string name)
    {
        var family = Enum.Parse<GemmIsa>(name);
        Skip.IfNot(Gemm.IsSupported(family), $"the {name} GEMM kernels need {Needs(family)}, which this machine does not offer");
        return family;
    }

    private static string Needs(GemmIsa family) => family switch
    {
        GemmIsa.Avx512 => "AVX-512F",
        GemmIsa.Avx2 => "AVX2 and FMA3",
        _ => "nothing",
    };
}
