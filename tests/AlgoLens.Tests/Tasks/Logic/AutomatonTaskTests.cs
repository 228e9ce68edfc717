using AlgoLens.Tasks;
using AlgoLens.Tasks.Logic;
using static AlgoLens.Tests.Tasks.Logic.LogicTaskChecks;

namespace AlgoLens.Tests.Tasks.Logic;

public sealed class AutomatonTaskTests
{
    [Fact]
    public void Parity_is_the_running_parity_of_the_bits()
    {
        var task = AutomatonTask.Create(length: 6);
        Assert.Equal(["1", "1", "0", "1", "1", "0"], AnswerText(task, "1 0 1 1 0 1"));
        Assert.Equal(["0", "0", "0", "0", "0", "0"], AnswerText(task, "0 0 0 0 0 0"));
    }

    [Fact]
    public void Counter_adds_the_increments_modulo_m()
    {
        var every = AutomatonTask.Create(AutomatonKind.Counter, length: 4, m: 5);
        Assert.Equal(["+0", "+1", "+2", "+3", "+4"], every.Vocabulary.Names);
        Assert.Equal(["3", "2", "3", "3"], AnswerText(every, "+3 +4 +1 +0"));

        var plusOne = AutomatonTask.Create(AutomatonKind.Counter, length: 5, m: 3, generatorsOnly: true);
        Assert.Equal(["+0", "+1"], plusOne.Vocabulary.Names);
        Assert.Equal(["0", "1", "2"], plusOne.OutputVocabulary.Names);
        Assert.Equal(["1", "2", "2", "0", "1"], AnswerText(plusOne, "+1 +1 +0 +1 +1"));
    }

    [Fact]
    public void Symmetric_groups_compose_the_earlier_permutation_first()
    {
        var task = AutomatonTask.Create(AutomatonKind.S3, length: 3);
        Assert.Equal(6, task.Vocabulary.Count);
        // 102 swaps 0 and 1; then 120 sends 0→1, 1→2, 2→0: 0→1→2, 1→0→1, 2→2→0, i.e. 210.
        // Applying 120 first would give 0→1→0, 1→2→2, 2→0→1: 021, a different answer.
        Assert.Equal(["102", "210", "210"], AnswerText(task, "102 120 012"));
        // A transposition twice is the identity.
        Assert.Equal(["021", "012", "021"], AnswerText(task, "021 021 021"));
    }

    [Fact]
    public void S5_generators_are_the_identity_and_the_ten_transpositions()
    {
        var task = AutomatonTask.Create(AutomatonKind.S5, length: 4, generatorsOnly: true);
        Assert.Equal(["01234", "10234", "21034", "31204", "41230", "02134", "03214", "04231", "01324", "01432", "01243"], task.Vocabulary.Names);
        Assert.Equal(120, task.OutputVocabulary.Count);
        // (0 1) then (1 2): 0→1→2, 1→0→0, 2→2→1, i.e. 20134; then (0 1) again: 0→2→2, 1→0→1, 2→1→0, i.e. 21034.
        Assert.Equal(["10234", "20134", "21034", "21034"], AnswerText(task, "10234 02134 10234 01234"));
    }

    [Theory]
    [InlineData(AutomatonKind.Counter, false)]
    [InlineData(AutomatonKind.Counter, true)]
    [InlineData(AutomatonKind.S3, false)]
    [InlineData(AutomatonKind.S3, true)]
    [InlineData(AutomatonKind.S5, false)]
    [InlineData(AutomatonKind.S5, true)]
    public void Every_kind_generates_its_ground_truth(AutomatonKind kind, bool generatorsOnly)
    {
        GeneratorAgreesWithGroundTruth(AutomatonTask.Create(kind, length: 12, m: 7, generatorsOnly: generatorsOnly));
    }

    [Fact]
    public void Settings_name_the_kind_and_m_only_for_the_counter()
    {
        Assert.Equal("parity", TaskRegistry.Create("automaton").Settings["kind"]);
        Assert.False(TaskRegistry.Create("automaton").Settings.ContainsKey("m"));
        var counter = AutomatonTask.Create(AutomatonKind.Counter, m: 7);
        Assert.Equal("7", counter.Settings["m"]);
        Assert.Equal(7, counter.OutputVocabulary.Count);
    }

    [Fact]
    public void Bad_options_are_refused_by_name()
    {
        Assert.Contains("kind", RefusedOptions("automaton", ("kind", "s4")));
        Assert.Contains("drop m", RefusedOptions("automaton", ("kind", "s5"), ("m", "5")));
        Assert.Contains("option m", RefusedOptions("automaton", ("kind", "counter"), ("m", "1")));
        Assert.Contains("option length", RefusedOptions("automaton", ("length", "0")));
        Assert.Contains("option inputs", RefusedOptions("automaton", ("inputs", "some")));
    }

    [Fact]
    public void Answer_refuses_a_sequence_of_the_wrong_length()
    {
        var task = AutomatonTask.Create(length: 3);
        Assert.Throws<ArgumentException>(() => task.Answer([0, 1]));
    }
}
