using AlgoLens.Data;
using AlgoLens.Models;

namespace AlgoLens.Tests.Models;

/// <summary>Finite-difference gradient checks of a small transformer with each of TransformerLens's options.</summary>
public class TransformerOptionGradientTests
{
    // Right padding on sequence 1, left padding (a padding query with no real key before it) on 2.
    private static readonly bool[] Padding = [true, true, true, true, true, true, false, false, false, true, true, true];

    public static TheoryData<string> Options => new()
    {
        "LNPre", "RMS", "RMSPre", "silu", "bidirectional", "rate 0.5", "rate 0", "attn_only null act_fn",
        "causal mask", "bidirectional mask",
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void GradientsMatchFiniteDifferences(string option)
    {
        var config = TransformerGradCheck.Tiny;
        bool[]? mask = null;
        config = option switch
        {
            "LNPre" or "RMS" or "RMSPre" => config with { NormalizationType = option },
            "silu" => config with { ActFn = "silu" },
            "bidirectional" => config with { AttentionDir = "bidirectional" },
            "rate 0.5" => config with { AttentionRate = 0.5f },
            "rate 0" => config with { AttentionRate = 0f },
            "attn_only null act_fn" => config with { AttnOnly = true, ActFn = null },
            "causal mask" => config,
            "bidirectional mask" => config with { AttentionDir = "bidirectional" },
            _ => throw new ArgumentException(option),
        };
        if (option.EndsWith("mask", StringComparison.Ordinal))
        {
            mask = Padding;
        }
        TransformerGradCheck.Check(TransformerGradCheck.Model(config), TransformerGradCheck.Tokens(mask));
    }

    [Fact]
    public void RealValuedInputGradientsMatchFiniteDifferences()
    {
        var config = TransformerGradCheck.Tiny with { DInput = 3, NormalizationType = "RMS", AttentionDir = "bidirectional" };
        var values = Enumerable.Range(0, 3 * 4 * 3).Select(i => MathF.Cos(1.7f * i)).ToArray();
        TransformerGradCheck.Check(TransformerGradCheck.Model(config), ModelInput.FromValues(values, 3, 4, 3, Padding));
    }
}
