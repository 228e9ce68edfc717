using AlgoLens.Tasks;

namespace AlgoLens.Tests.Tasks;

public class S5CompositionTaskTests
{
    private static readonly S5CompositionTask Task = new();

    // Independent of the task's code: read each permutation back from its token name.
    private static int[] Parse(string name) => name.Select(c => c - '0').ToArray();

    [Fact]
    public void VocabularyIsThe120PermutationsInLexicographicOrderThenEquals()
    {
        Assert.Equal(121, Task.Vocabulary.Count);
        Assert.Equal("=", Task.Vocabulary.Names[120]);
        string[] elements = Task.Vocabulary.Names.Take(120).ToArray();
        Assert.Equal(elements.Order(StringComparer.Ordinal), elements);
        Assert.Equal(120, elements.Distinct().Count());
        Assert.All(elements, e => Assert.Equal("01234", string.Concat(e.Order())));
        Assert.Equal("01234", elements[0]);
        Assert.Equal("43210", elements[119]);
        Assert.Equal(120, Task.OutputVocabulary.Count);
        Assert.Equal([2], Task.LossPositions);
        Assert.Empty(Task.Settings);
    }

    [Fact]
    public void EveryLabelIsApplyAThenBAndMatchesAnswer()
    {
        var data = new BinaryData(Task.Generate());
        Assert.Equal(120 * 120, data.Count);
        var index = Task.Vocabulary.Names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<int> input = data.Input(i);
            Assert.Equal(i / 120, input[0]);
            Assert.Equal(i % 120, input[1]);
            Assert.Equal(120, input[2]);
            int[] a = Parse(Task.Vocabulary.Names[input[0]]);
            int[] b = Parse(Task.Vocabulary.Names[input[1]]);
            string composed = string.Concat(Enumerable.Range(0, 5).Select(k => b[a[k]]));
            Assert.Equal(index[composed], data.Labels[i]);
            Assert.Equal([-1, -1, data.Labels[i]], Task.Answer(input));
        }
    }

    [Fact]
    public void TableIsAGroupTableWithIdentityZeroAndIsNotAbelian()
    {
        var data = new BinaryData(Task.Generate());
        int Label(int a, int b) => data.Labels[a * 120 + b];
        for (int x = 0; x < 120; x++)
        {
            Assert.Equal(x, Label(0, x));
            Assert.Equal(x, Label(x, 0));
            Assert.Equal(120, Enumerable.Range(0, 120).Select(y => Label(x, y)).Distinct().Count());
            Assert.Equal(120, Enumerable.Range(0, 120).Select(y => Label(y, x)).Distinct().Count());
        }
        Assert.Contains(Enumerable.Range(0, 120 * 120), i => Label(i / 120, i % 120) != Label(i % 120, i / 120));
    }
}
