namespace AlgoLens.Cli.Tests;

/// <summary>A model option that the task would replace is an error, unless it equals the task's value (issue 21, item 15).</summary>
public class TaskDecidedModelOptionTests
{
    private static string Flat(string output) => string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData("d_vocab=7", "d_vocab = 7", "sets d_vocab to 60")]
    [InlineData("n_ctx=2000000000", "n_ctx = 2000000000", "sets n_ctx to 3")]
    [InlineData("d_vocab_out=5", "d_vocab_out = 5", "sets d_vocab_out to 59")]
    public void An_option_the_task_overrides_is_refused_saying_why(string option, string asked, string taskValue)
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run("train", "--preset", "small", "--model-option", option, "--steps", "1", "--out", dir, "-q");
        Assert.True(code == 2, output);
        string flat = Flat(output);
        Assert.Contains(asked, flat, StringComparison.Ordinal);
        Assert.Contains(taskValue, flat, StringComparison.Ordinal);
        Assert.Contains("follows its task", flat, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void The_model_seed_follows_the_training_seed()
    {
        var (code, output) = Cli.Run("train", "--preset", "small", "--seed", "1", "--model-option", "seed=5", "--steps", "1", "--out", Cli.NewDirectory(), "-q");
        Assert.True(code == 2, output);
        Assert.Contains("training seed (1)", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public void The_task_own_value_is_accepted()
    {
        var (code, output) = Cli.Run("train", "--preset", "small", "--p", "7", "--model-option", "d_vocab=8", "--model-option", "n_ctx=3",
            "--d-model", "16", "--n-heads", "2", "--d-head", "8", "--d-mlp", "16", "--steps", "1", "--out", Cli.NewDirectory(), "-q");
        Assert.True(code == 0, output);
    }
}
