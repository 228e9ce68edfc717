using AlgoLens.Tasks;

namespace AlgoLens.Training;

/// <summary>Evaluates a saved checkpoint of a run on the run's own train/test split.</summary>
public static class RunEvaluation
{
    /// <summary>The result of evaluating one checkpoint.</summary>
    public sealed record Result(int Step, int TrainExamples, double TrainLoss, double TrainAccuracy, int TestExamples, double TestLoss, double TestAccuracy);

    /// <summary>Loads the checkpoint at <paramref name="step"/> (default: newest) and evaluates it.</summary>
    public static Result Evaluate(string runDirectory, int? step, Func<string, IReadOnlyDictionary<string, string>, IAlgorithmicTask> createTask)
    {
        ArgumentNullException.ThrowIfNull(createTask);
        var info = RunInfo.Load(runDirectory);
        var task = createTask(info.Task, info.TaskSettings);
        var store = new CheckpointStore(Path.Combine(runDirectory, "checkpoints"));
        var steps = store.Steps();
        if (steps.Count == 0)
        {
            throw new FileNotFoundException($"'{runDirectory}' has no checkpoints yet.");
        }
        int chosen = step ?? steps[^1];
        var model = store.LoadWeights(chosen);
        var data = task.Generate();
        var split = DataSplit.Create(data.Inputs.Batch, info.Training.TrainFraction, (ulong)info.Training.Seed);
        int[] lossPositions = task.LossPositions.ToArray();
        var train = new ExampleSet(data, split.Train, lossPositions.Length);
        var test = new ExampleSet(data, split.Test, lossPositions.Length);
        var (trainLoss, trainAcc) = Evaluation.Evaluate(model, train, lossPositions);
        var (testLoss, testAcc) = Evaluation.Evaluate(model, test, lossPositions);
        return new Result(chosen, train.Count, trainLoss, trainAcc, test.Count, testLoss, testAcc);
    }
}
