using AlgoLens.Cli.Commands;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

public class RandomLabelsOptionTests
{
    [Fact]
    public void RandomLabelsShufflesThePresetsTaskAsTheTaskOptionDoes()
    {
        var (plain, _, _) = new TrainSettings().Build(Presets.Small);
        var (flag, _, _) = new TrainSettings { RandomLabels = true }.Build(Presets.Small);
        var (option, _, _) = new TrainSettings { TaskOptions = ["random_labels=true"] }.Build(Presets.Small);

        Assert.Equal("true", flag.Settings["random_labels"]);
        Assert.Equal(option.Settings, flag.Settings);
        var shuffled = ((IEnumeratedTask)flag).Generate().Targets.Classes!;
        Assert.Equal(((IEnumeratedTask)option).Generate().Targets.Classes, shuffled);
        Assert.NotEqual(((IEnumeratedTask)plain).Generate().Targets.Classes, shuffled);
    }
}
