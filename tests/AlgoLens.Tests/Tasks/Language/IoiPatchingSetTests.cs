using AlgoLens.Tasks.Language;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks.Language;

public sealed class IoiPatchingSetTests
{
    private static readonly IoiTask Task = IoiTask.Create();

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    public void Clean_rows_are_ioi_sentences_of_one_frame_with_their_answers_and_positions(int frame)
    {
        var set = IoiPatchingSet.Abc(Task, new Rng(5), 64, frame);
        int positions = IoiFrame.All[frame].Parts.Count + 1;
        Assert.Equal((64, positions), (set.Clean.Batch, set.Clean.Positions));
        Assert.Null(set.Clean.AttentionMask);
        Assert.Equal(positions - 1, set.EndPosition);
        var orders = new HashSet<int>();
        for (int r = 0; r < 64; r++)
        {
            var row = set.Clean.Ids.AsSpan(r * positions, positions);
            Assert.Equal(set.IndirectObjects[r], Task.Answer(row)[^1]);
            Assert.Equal(set.IndirectObjects[r], row[set.IndirectObjectPositions[r]]);
            Assert.Equal(set.Subjects[r], row[set.FirstSubjectPositions[r]]);
            Assert.Equal(set.Subjects[r], row[set.SecondSubjectPosition]);
            orders.Add(set.IndirectObjectPositions[r] - set.FirstSubjectPositions[r]);
        }
        Assert.Equal(2, orders.Count); // ABBA and BABA both occur
    }

    [Fact]
    public void Corrupted_rows_keep_the_words_place_and_object_but_name_three_different_people()
    {
        var set = IoiPatchingSet.Abc(Task, new Rng(6), 100, frame: 1);
        int positions = set.Clean.Positions;
        Assert.Equal((set.Clean.Batch, positions), (set.Corrupted.Batch, set.Corrupted.Positions));
        var grammar = Task.Grammar;
        var corruptedNames = new HashSet<int>();
        for (int r = 0; r < 100; r++)
        {
            var clean = set.Clean.Ids.AsSpan(r * positions, positions);
            var corrupted = set.Corrupted.Ids.AsSpan(r * positions, positions);
            var names = new List<int>();
            for (int p = 0; p < positions; p++)
            {
                Assert.Equal(grammar.IsName(clean[p]), grammar.IsName(corrupted[p]));
                if (grammar.IsName(corrupted[p]))
                {
                    names.Add(corrupted[p]);
                }
                else
                {
                    Assert.Equal(clean[p], corrupted[p]);
                }
            }
            Assert.Equal(3, names.Distinct().Count());
            corruptedNames.UnionWith(names);
            var corruptedRow = corrupted.ToArray();
            var error = Assert.Throws<ArgumentException>(() => Task.Answer(corruptedRow));
            Assert.Contains("no indirect object", error.Message);
        }
        Assert.Equal(grammar.Names, corruptedNames.Count); // every name is drawn
    }

    [Fact]
    public void The_set_is_a_function_of_the_rng()
    {
        var a = IoiPatchingSet.Abc(Task, new Rng(7), 10, 2);
        var b = IoiPatchingSet.Abc(Task, new Rng(7), 10, 2);
        Assert.Equal(a.Clean.Ids, b.Clean.Ids);
        Assert.Equal(a.Corrupted.Ids, b.Corrupted.Ids);
        Assert.NotEqual(a.Corrupted.Ids, IoiPatchingSet.Abc(Task, new Rng(8), 10, 2).Corrupted.Ids);
    }

    [Fact]
    public void Three_names_suffice()
    {
        var task = IoiTask.Create(names: 3);
        var set = IoiPatchingSet.Abc(task, new Rng(9), 20);
        int positions = set.Corrupted.Positions;
        for (int r = 0; r < 20; r++)
        {
            var names = set.Corrupted.Ids.Skip(r * positions).Take(positions).Where(task.Grammar.IsName);
            Assert.Equal(3, names.Distinct().Count());
        }
    }

    [Fact]
    public void Bad_requests_are_refused()
    {
        Assert.Throws<ArgumentException>(() => IoiPatchingSet.Abc(Task, new Rng(1), 0));
        var error = Assert.Throws<ArgumentException>(() => IoiPatchingSet.Abc(IoiTask.Create(frames: 2), new Rng(1), 5, frame: 2));
        Assert.Contains("frames", error.Message);
    }
}
