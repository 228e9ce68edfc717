using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;

namespace AlgoLens.Training.TaskMeasures;

/// <summary>The repeat task's measures of an induction model: its loss where the repeat can be predicted against where it cannot.</summary>
public static class RepeatMeasures
{
    /// <summary>
    /// The loss of <paramref name="model"/> on the first half (the predictions of the first copy's
    /// x2..xL, which no model can know) and on the repeated half (those of the second copy's x2..xL,
    /// the task's targets), each the mean over examples and positions. The bar for an
    /// induction model: the repeated half's loss at least five times below the first half's. A
    /// model trained on the task's targets alone never learns the first half, whose loss can then
    /// exceed ln V; ln V (<see cref="RepeatTask.Baselines"/>) is the bar that holds for any model,
    /// since no prediction of uniformly random tokens has a lower expected loss.
    /// </summary>
    public static RepeatHalfLosses HalfLosses(RepeatTask task, IModel model, ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        return new RepeatHalfLosses(
            PositionLosses.Measure(model, task.FirstHalfTargets(examples)).Overall,
            PositionLosses.Measure(model, examples).Overall);
    }

    /// <summary>
    /// Halves: the loss on each half (<see cref="HalfLosses"/>) and the repeated half's loss against
    /// ln V. Embedded: the loss on the second copy (the task's targets) against the loss at every
    /// other position (random tokens, ln V at best), and against ln V.
    /// </summary>
    public static IReadOnlyList<TaskFigure> Measure(RepeatTask task, IModel model, ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Layout == RepeatLayout.Embedded)
        {
            var rest = PositionLosses.Measure(model, task.OtherPositions(examples)).Overall;
            var repeated = PositionLosses.Measure(model, examples).Overall;
            return
            [
                new("rest_loss", rest, "mean loss predicting every token outside the second copy's x2..xL (random tokens: ln V at best)"),
                new("repeated_loss", repeated, "mean loss predicting the second copy's x2..xL (the task's targets)"),
                new("rest_loss_ratio", rest / repeated, "rest loss / repeated loss"),
                new("random_token_loss_ratio", Math.Log(task.ValueCount) / repeated, "ln V / repeated loss: how far induction beats any guess"),
            ];
        }
        var halves = HalfLosses(task, model, examples);
        return
        [
            new("first_half_loss", halves.FirstHalf, "mean loss predicting the first copy's x2..xL (random tokens: ln V at best)"),
            new("repeated_half_loss", halves.RepeatedHalf, "mean loss predicting the second copy's x2..xL (the task's targets)"),
            new("half_loss_ratio", halves.Ratio, "first-half loss / repeated-half loss"),
            new("random_token_loss_ratio", Math.Log(task.ValueCount) / halves.RepeatedHalf, "ln V / repeated-half loss: how far induction beats any guess"),
        ];
    }
}
