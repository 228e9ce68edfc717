using AlgoLens.Tasks;
using AlgoLens.Tasks.Language;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks.Language;

public sealed class IoiTaskTests
{
    private static readonly IoiTask Task = IoiTask.Create();

    [Theory]
    [InlineData("BOS When N3 and N7 went to the P1 , N7 gave a O2 to", "N3")] // ABBA
    [InlineData("BOS When N7 and N3 went to the P1 , N7 gave a O2 to", "N3")] // BABA
    [InlineData("BOS The P0 N1 and N2 went to had a O4 . N1 gave it to", "N2")]
    [InlineData("BOS Then , N19 and N0 were thinking about going to the P4 . N0 wanted to give a O0 to", "N19")]
    public void The_answer_is_the_first_clause_name_that_the_second_clause_does_not_repeat(string sentence, string indirectObject)
    {
        var input = Task.Vocabulary.ToTokens(sentence);
        var answer = Task.Answer(input);
        Assert.Equal(Task.Vocabulary.Id(indirectObject), answer[^1]);
        Assert.All(answer[..^1], target => Assert.Equal(-1, target));
    }

    [Theory]
    [InlineData("BOS When N3 and N7 went to the P1 , N5 gave a O2 to", "neither")] // an ABC sentence
    [InlineData("BOS When N3 and N3 went to the P1 , N3 gave a O2 to", "twice")]
    [InlineData("BOS When N3 and N7 went to the P1 , N7 gave a N2 to", "fits none")] // a name in the object's slot
    [InlineData("When N3 and N7 went to the P1 , N7 gave a O2 to", "fits none")] // no BOS
    [InlineData("BOS When N3 and N7 went to the P1 , N7 gave a O2", "fits none")] // cut short
    public void Sentences_without_an_indirect_object_are_refused(string sentence, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Task.Answer(Task.Vocabulary.ToTokens(sentence)));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Frames_beyond_the_option_are_not_sentences_of_the_task()
    {
        var oneFrame = IoiTask.Create(frames: 1);
        var input = oneFrame.Vocabulary.ToTokens("BOS The P0 N1 and N2 went to had a O4 . N1 gave it to");
        Assert.Throws<ArgumentException>(() => oneFrame.Answer(input));
        Assert.Equal(IoiFrame.All[0].Parts.Count + 1, oneFrame.SequenceLength);
    }

    [Theory]
    [InlineData("names", "2", "names")]
    [InlineData("names", "1001", "names")]
    [InlineData("places", "0", "places")]
    [InlineData("objects", "x", "objects")]
    [InlineData("templates", "abab", "abba")]
    [InlineData("frames", "9", "frames")]
    [InlineData("frame", "1", "frames")]
    public void Bad_options_are_refused_with_the_option_named(string key, string value, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Create("ioi", new TaskOptions { Extra = new Dictionary<string, string> { [key] = value } }));
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("abba", 1.0)]
    [InlineData("baba", 0.0)]
    public void The_templates_option_fixes_which_name_comes_first(string templates, double firstNameAccuracy)
    {
        var task = IoiTask.Create(templates: templates);
        var baseline = Assert.Single(task.Baselines(task.Sample(new Rng(1), 200)));
        Assert.Equal(firstNameAccuracy, baseline.Value);
    }

    [Fact]
    public void Both_orders_put_the_answer_first_about_half_of_the_time()
    {
        var baseline = Assert.Single(Task.Baselines(Task.Sample(new Rng(2), 2000)));
        Assert.Equal("first_name_accuracy", baseline.Name);
        Assert.InRange(baseline.Value, 0.45, 0.55); // binomial sd 0.011
    }

    [Fact]
    public void Sentences_of_different_frames_are_padded_and_read_at_their_last_word()
    {
        var batch = Task.Sample(new Rng(3), 200);
        var lengths = PaddedBatchAssert.RowsArePadded(batch, Task.Vocabulary, (length, p) => p == length - 1);
        for (int r = 0; r < batch.Count; r++)
        {
            var input = TokenExamples.Row(batch, r).Input;
            Assert.Equal("to", Task.Vocabulary.Names[input[^1]]);
        }
        Assert.True(lengths.Count >= 4, $"only lengths {string.Join(", ", lengths)}");
    }

    [Fact]
    public void Every_frame_is_drawn()
    {
        var batch = Task.Sample(new Rng(4), 400);
        var seen = new HashSet<string>();
        for (int r = 0; r < batch.Count; r++)
        {
            var input = TokenExamples.Row(batch, r).Input;
            var grammar = Task.Grammar;
            seen.Add(string.Join(" ", input.Select(id => grammar.IsName(id) || grammar.IsPlace(id) || grammar.IsObject(id) ? "_" : Task.Vocabulary.Names[id])));
        }
        Assert.Equal(IoiFrame.All.Count, seen.Count);
    }

    [Fact]
    public void A_frame_must_hold_every_slot_once()
    {
        Assert.Throws<ArgumentException>(() => new IoiFrame("When {A} and {B} went to the {P} , {S} gave it to"));
        Assert.Throws<ArgumentException>(() => new IoiFrame("When {A} and {A} went to the {P} , {S} gave a {O} to"));
    }
}
