using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Composite;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;
using AlgoLens.Training.TaskMeasures;

namespace AlgoLens.Tests.Tasks.Composite;

public sealed class MultitaskTests
{
    private static ITask Create(int p, params (string Key, string Value)[] options) =>
        TaskRegistry.Create("multitask", new TaskOptions { P = p, Extra = options.ToDictionary(o => o.Key, o => o.Value) });

    private static int[] Answer(ITask task, string text) => ((ITokenGroundTruth)task).Answer(task.Vocabulary.ToTokens(text));

    [Fact]
    public void The_task_token_picks_the_operation()
    {
        var task = Create(7);
        Assert.Equal(["<add>", "<sub>", "<max>", "0", "1", "2", "3", "4", "5", "6", "="], task.Vocabulary.Names);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6"], task.OutputVocabulary.Names);
        Assert.Equal([-1, -1, -1, 1], Answer(task, "<add> 3 5 =")); // 8 mod 7
        Assert.Equal([-1, -1, -1, 5], Answer(task, "<sub> 3 5 =")); // -2 mod 7
        Assert.Equal([-1, -1, -1, 5], Answer(task, "<max> 3 5 ="));
        Assert.Equal([-1, -1, -1, 0], Answer(task, "<sub> 6 6 ="));
        Assert.Contains("opens with '3'", Assert.Throws<ArgumentException>(() => Answer(task, "3 5 =")).Message);
    }

    [Fact]
    public void A_mixture_of_enumerated_tasks_is_enumerated_and_its_split_holds_out_examples_of_every_subtask()
    {
        var task = Assert.IsType<EnumeratedMultitask>(Create(11));
        var all = task.Generate();
        Assert.Equal(3 * 121, all.Count);
        Assert.Null(all.Input.Tokens!.AttentionMask); // one length: nothing to pad
        // Subtask by subtask, each in its own canonical order: row 121 + 2·11 + 5 is sub's (2, 5).
        Assert.Equal("<sub> 2 5 =", task.Vocabulary.ToText(TokenExamples.Row(all, 121 + 2 * 11 + 5).Input));

        var data = new TrainingData(task, new TrainingConfig { TrainFraction = 0.5, Seed = 3 });
        foreach (var split in new[] { data.Train, data.Test })
        {
            var perTask = Enumerable.Range(0, split.Count).GroupBy(r => split.Input.Tokens!.Ids[r * 4]).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(3, perTask.Count);
            Assert.All(perTask.Values, n => Assert.InRange(n, 121 / 2 - 20, 121 / 2 + 20));
        }
    }

    [Fact]
    public void A_sampled_subtask_makes_a_sampled_mixture_padded_to_the_longest_subtask()
    {
        var task = Assert.IsType<SampledMultitask>(Create(5, ("tasks", "add,prev-token"), ("prev-token.length", "6"), ("prev-token.vocab", "8")));
        Assert.Equal(7, task.SequenceLength);
        int pad = Assert.IsType<int>(task.Vocabulary.PadToken);
        Assert.Equal("<pad>", task.Vocabulary.Names[pad]);
        // Shared names: prev-token's tokens 0..4 are add's numbers, 5..7 are new.
        Assert.Equal(["<add>", "<prev-token>", "<pad>", "0", "1", "2", "3", "4", "=", "5", "6", "7"], task.Vocabulary.Names);

        var batch = task.Sample(new Rng(1, 2), 64);
        Assert.Equal(7, batch.Input.Positions);
        var mask = batch.Input.AttentionMask!;
        var classes = batch.Targets.Classes!;
        int adds = 0;
        for (int r = 0; r < batch.Count; r++)
        {
            bool add = batch.Input.Tokens!.Ids[r * 7] == 0;
            adds += add ? 1 : 0;
            for (int p = 0; p < 7; p++)
            {
                bool padding = add && p >= 4;
                Assert.Equal(!padding, mask[r * 7 + p]);
                if (padding)
                {
                    Assert.Equal(pad, batch.Input.Tokens.Ids[r * 7 + p]);
                    Assert.Equal(-1, classes[r * 7 + p]);
                }
            }
        }
        Assert.InRange(adds, 16, 48);
        Assert.Equal([-1, -1, 4, 0, 6, 2, 7], Answer(task, "<prev-token> 4 0 6 2 7 1"));
    }

    [Fact]
    public void Weights_set_the_shares_of_a_sampled_mixture()
    {
        var task = (ISampledTask)Create(5, ("tasks", "add,prev-token"), ("weights", "3,1"));
        var batch = task.Sample(new Rng(4, 0), 4000);
        int adds = Enumerable.Range(0, batch.Count).Count(r => batch.Input.Tokens!.Ids[r * batch.Input.Positions] == 0);
        Assert.InRange(adds / 4000.0, 0.72, 0.78);
    }

    [Fact]
    public void Separate_tokens_give_each_subtask_its_own_names()
    {
        var shared = Create(5);
        var separate = Create(5, ("tokens", "separate"));
        Assert.Equal(3 + 5 + 1, shared.Vocabulary.Count);
        Assert.Equal(3 + 3 * 6, separate.Vocabulary.Count);
        Assert.Equal(15, separate.OutputWidth);
        Assert.Equal([-1, -1, -1, separate.OutputVocabulary.Id("sub:4")], Answer(separate, "<sub> sub:1 sub:2 sub:="));
        Assert.Contains("not a token of subtask 'sub'", Assert.Throws<ArgumentException>(() => Answer(separate, "<sub> add:1 sub:2 sub:=")).Message);
    }

    [Fact]
    public void A_subtask_option_reaches_that_subtask_only_and_is_recorded()
    {
        var task = (IMultitask)Create(7, ("sub.p", "5"), ("max.random_labels", "true"), ("max.label_seed", "2"));
        Assert.Equal(7, ((ModularArithmeticTask)task.Layout.Subtasks[0]).P);
        Assert.Equal(5, ((ModularArithmeticTask)task.Layout.Subtasks[1]).P);
        Assert.IsType<RandomLabelsTask>(task.Layout.Subtasks[2]);
        Assert.Equal("5", task.Settings["sub.p"]);
        Assert.Equal("7", task.Settings["p"]);
        Assert.Equal("true", task.Settings["max.random_labels"]);
        Assert.False(task.Settings.ContainsKey("add.p")); // the shared p is recorded once
        Assert.Equal([-1, -1, -1, 4], Answer(task, "<sub> 1 2 =")); // -1 mod 5
        Assert.Contains("no ground truth", Assert.Throws<ArgumentException>(() => Answer(task, "<max> 1 2 =")).Message);

        var rebuilt = TaskRegistry.Create("multitask", TaskOptions.FromSettings(task.Settings));
        Assert.Equal(task.Settings, rebuilt.Settings);
        Assert.Equal(((IEnumeratedTask)task).Generate().Targets.Classes, ((IEnumeratedTask)rebuilt).Generate().Targets.Classes);
    }

    [Theory]
    [InlineData("tasks", "add,nope", "'nope' is not one")]
    [InlineData("tasks", "add,multitask", "'multitask' is not one")]
    [InlineData("tasks", "add,ADD", "lists 'add' twice")]
    [InlineData("tasks", "add,sparse-features", "reads or predicts real values")]
    [InlineData("tokens", "mixed", "one of shared, separate")]
    [InlineData("weights", "2,1", "lists 2 number(s) for 3 tasks")]
    [InlineData("weights", "2,0,1", "positive numbers")]
    [InlineData("weights", "2,1,1", "all enumerated")]
    [InlineData("subb.p", "5", "did you mean", "sub.p")]
    [InlineData("sub.p", "five", "must be a whole number")]
    [InlineData("sub.q", "1", "has no extra option 'q'")]
    public void Bad_options_are_refused_with_the_fix(string key, string value, string says, string? alsoSays = null)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(5, (key, value)));
        Assert.Contains(says, error.Message);
        // Cases without a second phrase check the first one again rather than branch past the assert.
        Assert.Contains(alsoSays ?? says, error.Message);
    }

    [Fact]
    public void Per_subtask_metrics_add_up_to_the_overall_ones()
    {
        var task = Multitask.Create("add,sub,max", p: 5);
        var model = ModelKinds.Create(new HookedTransformerConfig { NLayers = 1, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32, ActFn = "relu" }
            .WithTaskShape(Trainer.ShapeOf(task), seed: 1));
        var examples = ((IEnumeratedTask)task).Generate();
        var overall = Evaluation.Evaluate(model, examples, task.Metrics);
        var parts = MultitaskMetrics.PerSubtask(model, examples, task);
        Assert.Equal(["add", "sub", "max"], parts.Select(p => p.Subtask));
        Assert.All(parts, p => Assert.Equal(25, p.Examples));
        Assert.Equal(overall.Accuracy, parts.Average(p => p.Metrics.Accuracy), 12);
        Assert.Equal(overall.Loss, parts.Average(p => p.Metrics.Loss), 5);
    }
}
