using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// A run whose run.json names other task settings than its model was trained for is refused, naming
/// both sizes, before any dataset is built: eval, analyze, cache --input, resume (issue 21, item 9).
/// </summary>
public class RunTaskMismatchTests
{
    /// <summary>A tiny trained run (p = 11: d_vocab 12, d_vocab_out 11) whose run.json then says p = <paramref name="p"/>.</summary>
    private static string EditedRun(int p)
    {
        string dir = Cli.NewDirectory();
        var (code, output) = Cli.Run("train", "--preset", "small", "--p", "11", "--frac", "0.6", "--d-model", "32", "--n-heads", "2", "--d-head", "16",
            "--d-mlp", "64", "--steps", "20", "--log-every", "10", "--checkpoint-every", "10", "--out", dir, "-q");
        Assert.True(code == 0, output);
        string runJson = Path.Combine(dir, RunInfo.FileName);
        string text = File.ReadAllText(runJson);
        Assert.Contains("\"p\": \"11\"", text, StringComparison.Ordinal);
        File.WriteAllText(runJson, text.Replace("\"p\": \"11\"", $"\"p\": \"{p}\"", StringComparison.Ordinal));
        return dir;
    }

    private static void AssertNamesBothSizes(string output, int p)
    {
        string flat = string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"d_vocab (input vocabulary size) is 12 in the model, {p + 1} for the task", flat, StringComparison.Ordinal);
        Assert.Contains($"d_vocab_out (output classes or values) is 11 in the model, {p} for the task", flat, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(10007)]
    public void Eval_refuses_a_task_that_does_not_fit_the_model(int p)
    {
        string dir = EditedRun(p);
        var (code, output) = Cli.Run("eval", dir);
        Assert.True(code == 2, output);
        AssertNamesBothSizes(output, p);
    }

    [Fact]
    public void Analyze_refuses_it_too()
    {
        string dir = EditedRun(7);
        var (code, output) = Cli.Run("analyze", dir);
        Assert.True(code == 2, output);
        AssertNamesBothSizes(output, 7);
        Assert.False(Directory.Exists(Path.Combine(dir, "analysis")), "analysis was written for a mismatched task");
    }

    [Fact]
    public void Cache_input_reads_no_tokens_with_a_task_that_does_not_fit()
    {
        string dir = EditedRun(7);
        string output = Path.Combine(Cli.NewDirectory(), "acts.safetensors");
        var (code, text) = Cli.Run("cache", "--model", dir, "--input", "1 2 =", "--out", output);
        Assert.True(code == 2, text);
        AssertNamesBothSizes(text, 7);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void The_library_refuses_a_resume_and_an_evaluation()
    {
        string dir = EditedRun(7);
        ITask Create(string name, IReadOnlyDictionary<string, string> settings) => TaskRegistry.Create(name, TaskOptions.FromSettings(settings));
        var resume = Assert.Throws<ModelConfigException>(() => Trainer.Resume(dir, Create, 40));
        AssertNamesBothSizes(resume.Message, 7);
        var evaluation = Assert.Throws<ModelConfigException>(() => RunEvaluation.Evaluate(dir, null, Create));
        AssertNamesBothSizes(evaluation.Message, 7);
    }

    [Fact]
    public void A_checkpoint_is_checked_against_the_task_as_well()
    {
        var task = TaskRegistry.Create("add", new TaskOptions { P = 7 });
        var model = HookedTransformerConfig.FromJson("""{"n_layers": 1, "d_model": 8, "n_heads": 1, "d_head": 8, "d_mlp": 8, "d_vocab": 12, "d_vocab_out": 11, "n_ctx": 3}""");
        var error = Assert.Throws<ModelConfigException>(() => TaskModelCheck.EnsureFits(task, model, "step_000010.safetensors"));
        Assert.Contains("step_000010.safetensors", error.Message, StringComparison.Ordinal);
        AssertNamesBothSizes(error.Message, 7);
        TaskModelCheck.EnsureFits(task, model with { DVocab = 8, DVocabOut = 7 }, "a fitting model");
    }

    [Fact]
    public void An_untouched_run_still_evaluates()
    {
        string dir = EditedRun(11);
        var (code, output) = Cli.Run("eval", dir);
        Assert.True(code == 0, output);
    }
}
