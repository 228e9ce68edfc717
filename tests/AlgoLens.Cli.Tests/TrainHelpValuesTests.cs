using AlgoLens.Models;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// `train --help` lists exactly the values the code accepts: the model kinds registered, and for
/// each transformer shorthand every value the config's validation accepts (issue 20, item 5).
/// Read from the help as a user sees it, without a snapshot.
/// </summary>
public class TrainHelpValuesTests
{
    private static readonly Lazy<string[]> Help = new(() =>
    {
        var (code, output) = Cli.Run("train", "--help");
        Assert.True(code == 0, output);
        return output.Split('\n');
    });

    /// <summary>
    /// The help text of <paramref name="option"/>: its line and the lines indented further below it
    /// (the description wraps into those), white space made single.
    /// </summary>
    private static string HelpOf(string option)
    {
        var lines = Help.Value;
        static int Indent(string line) => line.Length - line.TrimStart().Length;
        int first = Array.FindIndex(lines, l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal) || l.Trim() == option);
        Assert.True(first >= 0, $"train --help has no {option}:\n{string.Join('\n', lines)}");
        var text = lines.Skip(first).Take(1).Concat(lines.Skip(first + 1).TakeWhile(l => l.Trim().Length > 0 && Indent(l) > Indent(lines[first])));
        return string.Join(' ', string.Join(' ', text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    // Values TransformerLens or users might try beside the accepted ones: the config must refuse
    // each one the help does not list, so the help cannot miss an accepted value.
    public static TheoryData<string, string> Candidates => new()
    {
        { "--act", "relu" }, { "--act", "gelu" }, { "--act", "gelu_new" }, { "--act", "silu" }, { "--act", "gelu_fast" },
        { "--act", "solu_ln" }, { "--act", "tanh" }, { "--act", "swish" },
        { "--normalization", "none" }, { "--normalization", "LN" }, { "--normalization", "LNPre" }, { "--normalization", "RMS" },
        { "--normalization", "RMSPre" }, { "--normalization", "LNPost" }, { "--normalization", "ln" },
        { "--init", "transformer_lens" }, { "--init", "grokking" }, { "--init", "torch" }, { "--init", "xavier" },
        { "--trainable-biases", "all" }, { "--trainable-biases", "mlp" }, { "--trainable-biases", "none" }, { "--trainable-biases", "attn" },
    };

    [Theory]
    [MemberData(nameof(Candidates))]
    public void A_value_is_listed_in_the_help_exactly_when_the_config_accepts_it(string option, string value)
    {
        var config = option switch
        {
            "--act" => new HookedTransformerConfig { ActFn = value },
            "--normalization" => new HookedTransformerConfig { NormalizationType = value },
            "--init" => new HookedTransformerConfig { InitScheme = value },
            _ => new HookedTransformerConfig { TrainableBiases = value },
        };
        bool accepted = Record.Exception(() => config.Validate()) is null;
        // Listed as a whole word: "a, b or c" with the list's own separators.
        var listed = HelpOf(option).Split([' ', ',', ':', '.'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(accepted == listed.Contains(value, StringComparer.Ordinal),
            $"{option} {value}: the config {(accepted ? "accepts" : "refuses")} it, the help {(accepted ? "does not list" : "lists")} it: {HelpOf(option)}");
    }

    [Fact]
    public void Every_list_the_config_checks_against_is_in_the_help()
    {
        foreach (var (option, values) in new[]
        {
            ("--act", HookedTransformerConfig.ActivationFunctions), ("--normalization", HookedTransformerConfig.NormalizationTypes),
            ("--init", HookedTransformerConfig.InitSchemes), ("--trainable-biases", HookedTransformerConfig.TrainableBiasesChoices),
        })
        {
            Assert.All(values, v => Assert.Contains(v, HelpOf(option), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_model_option_lists_every_kind()
    {
        Assert.NotEmpty(ModelKinds.All);
        Assert.All(ModelKinds.All, kind => Assert.Contains(kind.Name, HelpOf("--model"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--n-layers", "n_layers")]
    [InlineData("--d-model", "d_model")]
    [InlineData("--n-heads", "n_heads")]
    [InlineData("--d-head", "d_head")]
    [InlineData("--d-mlp", "d_mlp")]
    [InlineData("--act", "act_fn")]
    [InlineData("--normalization", "normalization_type")]
    [InlineData("--attn-only", "attn_only")]
    [InlineData("--init", "init_scheme")]
    [InlineData("--trainable-biases", "trainable_biases")]
    public void Each_transformer_shorthand_says_it_is_for_the_transformer_and_which_field_it_sets(string option, string field)
    {
        string help = HelpOf(option);
        Assert.Contains("Transformer only", help, StringComparison.Ordinal);
        Assert.Contains($"--model-option {field}=", help, StringComparison.Ordinal);
    }
}
