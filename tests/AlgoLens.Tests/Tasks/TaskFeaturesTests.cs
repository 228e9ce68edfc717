using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Logic;
using AlgoLens.Tasks.Sequences;

namespace AlgoLens.Tests.Tasks;

/// <summary>Each task's named features against values worked out by hand.</summary>
public class TaskFeaturesTests
{
    private const double U = double.NaN; // not defined at the position

    [Fact]
    public void ModularArithmeticGivesTheOperandsTheirSumAndFourierFeaturesAtEveryPosition()
    {
        var task = new ModularArithmeticTask(ModularOperation.Subtract, 7);
        var input = TokenBatch.FromRows([[3, 5, 7], [6, 6, 7]]);
        AssertValues(new double[,] { { 3, 3, 3 }, { 6, 6, 6 } }, TaskFeatures.Values(task, "a", input).Values);
        AssertValues(new double[,] { { 5, 5, 5 }, { 6, 6, 6 } }, TaskFeatures.Values(task, "b", input).Values);
        // (a + b) mod 7 whatever the operation: 8 mod 7 = 1, 12 mod 7 = 5.
        AssertValues(new double[,] { { 1, 1, 1 }, { 5, 5, 5 } }, TaskFeatures.Values(task, "a+b", input).Values);
        var (feature, cos) = TaskFeatures.Values(task, "cos_a:2", input);
        Assert.Equal(TaskFeatureKind.Real, feature.Kind);
        Assert.Equal(Math.Cos(2 * Math.PI * 2 * 3 / 7), cos[0, 2], 12);
        Assert.Equal(Math.Sin(2 * Math.PI * 3 * 6 / 7), TaskFeatures.Values(task, "sin_b:3", input).Values[1, 0], 12);
        Assert.False(feature.PerPosition);
    }

    [Fact]
    public void SortGivesEachInputValueItsPlaceInTheSortedList()
    {
        var task = SortTask.Create(n: 4, values: 10);
        // START 4 6 2 4 MID 2 4 4 6: sorted 2 4 4 6, so 4 → 1, 6 → 3, 2 → 0 and the second 4 → 2.
        int[] row = [task.StartToken, 4, 6, 2, 4, task.MidToken, 2, 4, 4, 6];
        var values = TaskFeatures.Values(task, "rank", TokenBatch.FromRows([row])).Values;
        AssertValues(new double[,] { { U, 1, 3, 0, 2, U, U, U, U, U } }, values);
    }

    [Fact]
    public void RepeatMarksTheSecondCopy()
    {
        var task = RepeatTask.Create(length: 3, values: 5);
        int[] row = [task.BosToken, 1, 2, 3, 1, 2, 3];
        AssertValues(new double[,] { { U, 0, 0, 0, 1, 1, 1 } }, TaskFeatures.Values(task, "repeated", TokenBatch.FromRows([row])).Values);
    }

    [Fact]
    public void BracketsGivesTheElevationAfterEachBracketAndNothingOnPadding()
    {
        var task = BracketsTask.Create(maxLength: 6);
        var v = task.Vocabulary;
        int o = v.Id("("), c = v.Id(")"), s = v.Id(BracketsTask.Start), e = v.Id(BracketsTask.End);
        var input = TokenBatch.FromPaddedRows([[s, o, o, c, o, c, e], [s, c, o, e]], v.Id(BracketsTask.Pad));
        var (feature, values) = TaskFeatures.Values(task, "depth", input);
        AssertValues(new double[,] { { U, 1, 2, 1, 2, 1, U }, { U, -1, 0, U, U, U, U } }, values);
        Assert.True(feature.PerPosition);
        Assert.Equal(TaskFeatureKind.Class, feature.Kind);
    }

    [Fact]
    public void AutomatonGivesTheStateAfterEachInput()
    {
        var task = AutomatonTask.Create(AutomatonKind.Parity, length: 4);
        int one = task.Vocabulary.Id("1"), zero = task.Vocabulary.Id("0");
        var values = TaskFeatures.Values(task, "state", TokenBatch.FromRows([[one, zero, one, one]])).Values;
        // Running parity 1, 1, 0, 1, as output class ids.
        double even = task.OutputVocabulary.Id("0"), odd = task.OutputVocabulary.Id("1");
        AssertValues(new double[,] { { odd, odd, even, odd } }, values);
    }

    [Theory]
    [InlineData("add", "c", "defines no feature 'c'; it defines a (class), b (class), a+b (class), cos_a:W (real)")]
    [InlineData("add", "cos_a", "write --feature cos_a:W")]
    [InlineData("add", "a:3", "takes no parameter")]
    [InlineData("sparse-parity", "a", "defines no features to probe")]
    public void AnUnknownFeatureIsRefusedWithTheOnesTheTaskDefines(string taskName, string feature, string message)
    {
        var task = TaskRegistry.Create(taskName);
        var e = Assert.ThrowsAny<ArgumentException>(() => TaskFeatures.Find(task, feature));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFrequencyOutsideOneToPMinusOneIsRefused()
    {
        var task = new ModularArithmeticTask(ModularOperation.Add, 7);
        var e = Assert.ThrowsAny<ArgumentException>(() => TaskFeatures.Values(task, "cos_a:7", TokenBatch.FromRows([[1, 2, 7]])));
        Assert.Contains("from 1 to 6", e.Message, StringComparison.Ordinal);
    }

    private static void AssertValues(double[,] expected, double[,] actual)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (int r = 0; r < expected.GetLength(0); r++)
        {
            for (int p = 0; p < expected.GetLength(1); p++)
            {
                Assert.True(expected[r, p].Equals(actual[r, p]), $"[{r}, {p}]: expected {expected[r, p]}, got {actual[r, p]}");
            }
        }
    }
}
