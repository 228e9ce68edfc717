using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>
/// The table forward runs only for what it implements: where it is chosen it agrees with the
/// general path on logits and gradients, and every other option falls back to the general path.
/// </summary>
public class TableForwardSelectionTests
{
    private static readonly int[] LastPosition = [3];

    public static TheoryData<string, string> Supported => new() { { "LN", "relu" }, { "none", "silu" }, { "LN", "gelu_new" } };

    public static TheoryData<string> Unsupported => new()
    {
        "bidirectional", "mask", "LNPre", "RMS", "RMSPre", "rate 0.5", "rate 0", "d_input",
    };

    [Theory]
    [MemberData(nameof(Supported))]
    public void WhereChosenItAgreesWithTheGeneralPath(string normalization, string activation)
    {
        var config = TransformerGradCheck.Tiny with { NormalizationType = normalization, ActFn = activation };
        var tokens = TransformerGradCheck.Tokens();
        var fast = TransformerGradCheck.Model(config);
        var general = TransformerGradCheck.Model(config);
        Assert.True(FirstLayerTableForward.Supports(fast, tokens));

        var fastLogits = fast.Forward(tokens, ForwardOptions.AtPositions(LastPosition));
        var generalLogits = general.Forward(tokens, new ForwardOptions { OutputPositions = LastPosition, AllowSpecialisations = false });
        Assert.InRange(Fixtures.ScaledError(fastLogits.Data, generalLogits.Data), 0, 1e-5);
        var labels = new[] { 0, 1, 2 };
        Ops.CrossEntropy(Ops.Reshape(fastLogits, 3, -1), labels).Backward();
        Ops.CrossEntropy(Ops.Reshape(generalLogits, 3, -1), labels).Backward();
        // b_K's gradient is rounding noise on both paths (softmax ignores a shift of a query's scores).
        foreach (string name in general.ParameterNames.Where(n => general[n].RequiresGrad && !n.EndsWith("b_K", StringComparison.Ordinal)))
        {
            double error = Fixtures.ScaledError(fast[name].Grad!, general[name].Grad!);
            Assert.True(error <= 1e-5, $"{name}: table vs general gradient scaled error {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void OtherOptionsTakeTheGeneralPath(string option)
    {
        var config = TransformerGradCheck.Tiny;
        ModelInput input = TransformerGradCheck.Tokens();
        switch (option)
        {
            case "bidirectional": config = config with { AttentionDir = "bidirectional" }; break;
            case "mask": input = TransformerGradCheck.Tokens([true, true, true, true, true, true, false, false, true, true, true, true]); break;
            case "rate 0.5": config = config with { AttentionRate = 0.5f }; break;
            case "rate 0": config = config with { AttentionRate = 0f }; break;
            case "d_input":
                config = config with { DInput = 2 };
                input = ModelInput.FromValues(Enumerable.Range(0, 24).Select(i => MathF.Sin(i)).ToArray(), 3, 4, 2);
                break;
            default: config = config with { NormalizationType = option }; break;
        }
        var model = TransformerGradCheck.Model(config);
        Assert.False(FirstLayerTableForward.Supports(model, input));
        var chosen = model.Forward(input, ForwardOptions.AtPositions(LastPosition));
        var general = model.Forward(input, new ForwardOptions { OutputPositions = LastPosition, AllowSpecialisations = false });
        Assert.Equal(general.Data, chosen.Data);
    }
}
