namespace AlgoLens.Cli.Tests;

/// <summary>A value an option cannot take is named with the option and the range in words, not a .NET type (issue 21, "Also").</summary>
public class OptionConversionMessageTests
{
    [Theory]
    [InlineData("--steps '99999999999' is not a whole number from -2147483648 to 2147483647", "train", "--steps", "99999999999")]
    [InlineData("--frac 'half' is not a number", "train", "--frac=half")]
    [InlineData("--samples 'many' is not a whole number", "tasks", "show", "sort", "--samples", "many")]
    [InlineData("--step '1e99' is not a whole number", "eval", "RUN", "--step", "1e99")]
    public void The_message_names_the_option_the_value_and_what_it_takes(string expected, params string[] args)
    {
        var (code, output) = Cli.Run(args);
        Assert.True(code == 2, output);
        string flat = string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, flat, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", flat, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", flat, StringComparison.Ordinal);
    }
}
