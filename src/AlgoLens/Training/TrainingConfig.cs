using System.Text.Json;
using AlgoLens.Common;

namespace AlgoLens.Training;

/// <summary>
/// How a model is trained: AdamW settings, the warm-up and learning-rate schedule, batch size,
/// length, what is logged and when checkpoints are written. JSON uses snake_case names (as run.json
/// stores it); the schedule's fields are written only when they are not the default constant
/// schedule's, so a default run's run.json is what it was before schedules existed.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Number of optimizer steps.</summary>
    public int Steps { get; init; } = 20_000;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decoupled weight decay (AdamW's; PyTorch semantics p -= lr·wd·p).</summary>
    public double WeightDecay { get; init; } = 1.0;

    /// <summary>AdamW β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW β2.</summary>
    public double Beta2 { get; init; } = 0.98;

    /// <summary>AdamW ε (outside the square root).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Linear warm-up length: the learning rate at step s is lr·min(s/warmup, 1), as the grokking paper's LambdaLR (so the very first update has rate 0).</summary>
    public int WarmupSteps { get; init; } = 10;

    /// <summary>
    /// The learning rate after the warm-up (see <see cref="LearningRateSchedules"/>):
    /// <c>"constant"</c> (the default) keeps <see cref="LearningRate"/>; <c>"cosine"</c> decays it
    /// along a half cosine to <see cref="MinLearningRate"/> at step <see cref="DecaySteps"/>, and
    /// holds that minimum after it.
    /// </summary>
    [OmitAtDefault]
    public string LrSchedule { get; init; } = LearningRateSchedules.Constant;

    /// <summary>
    /// The cosine schedule's final rate; null means a tenth of <see cref="LearningRate"/>. Not 0, so
    /// that a run extended past its decay horizon (resume with a larger --steps) still learns.
    /// Constant schedules leave it null.
    /// </summary>
    [OmitAtDefault]
    public double? MinLearningRate { get; init; }

    /// <summary>
    /// The step at which the cosine schedule reaches <see cref="MinLearningRate"/>, counted from step
    /// 0 (warm-up included); null means <see cref="Steps"/>. Fixed in run.json when the run is
    /// created (<see cref="ResolveSchedule"/>), so that extending the run keeps its curve.
    /// Constant schedules leave it null.
    /// </summary>
    [OmitAtDefault]
    public int? DecaySteps { get; init; }

    /// <summary>Examples per step; 0 means the whole training set (full batch, one step = one epoch).</summary>
    public int BatchSize { get; init; }

    /// <summary>Fraction of the task's examples used for training; the rest is the test set.</summary>
    public double TrainFraction { get; init; } = 0.3;

    /// <summary>Size of the held-out test set, and of the training sample that train metrics are read on, for sampled tasks (enumerated tasks split their examples instead).</summary>
    public int TestExamples { get; init; } = 1024;

    /// <summary>Seed of the run: model init, data split and batch order all derive from it.</summary>
    public int Seed { get; init; }

    /// <summary>Write a metrics row every this many steps (step 0 and the last included).</summary>
    public int LogEvery { get; init; } = 100;

    /// <summary>Write a checkpoint every this many steps (step 0 and the last included).</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Clip gradients to this global norm; null for no clipping.</summary>
    public double? GradClipNorm { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every setting that cannot work.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Steps < 1)
        {
            problems.Add($"steps is {Steps}; train for at least 1 step.");
        }
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            problems.Add($"learning rate is {LearningRate}; use a positive number such as 1e-3.");
        }
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
        {
            problems.Add($"weight decay is {WeightDecay}; use 0 or a positive number such as 1.");
        }
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1))
        {
            problems.Add($"betas ({Beta1}, {Beta2}) must each be in [0, 1), e.g. (0.9, 0.98).");
        }
        if (!(Epsilon >= 0))
        {
            problems.Add($"eps is {Epsilon}; use a small positive number such as 1e-8.");
        }
        if (WarmupSteps < 0)
        {
            problems.Add($"warm-up is {WarmupSteps} steps; use 0 for none.");
        }
        ValidateSchedule(problems);
        if (BatchSize < 0)
        {
            problems.Add($"batch size is {BatchSize}; use 0 for full batch or a positive size.");
        }
        if (!(TrainFraction > 0 && TrainFraction < 1))
        {
            problems.Add($"train fraction is {TrainFraction}; it must be strictly between 0 and 1 (e.g. 0.3).");
        }
        if (TestExamples < 1)
        {
            problems.Add($"test examples is {TestExamples}; sampled tasks need at least 1 (e.g. 1024).");
        }
        if (LogEvery < 1 || CheckpointEvery < 1)
        {
            problems.Add($"log and checkpoint intervals ({LogEvery}, {CheckpointEvery}) must be at least 1 step.");
        }
        if (GradClipNorm is { } clip && !(clip > 0))
        {
            problems.Add($"gradient clip norm is {clip}; use a positive norm, or leave it unset.");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("The training settings cannot work:\n- " + string.Join("\n- ", problems));
        }
    }

    /// <summary>
    /// This config with the cosine schedule's defaults made explicit (<see cref="MinLearningRate"/>
    /// a tenth of the rate, <see cref="DecaySteps"/> the run's length), as the trainer stores it in
    /// run.json; values already set, and constant schedules, are kept as they are.
    /// </summary>
    public TrainingConfig ResolveSchedule() => LrSchedule != LearningRateSchedules.Cosine ? this : this with
    {
        MinLearningRate = MinLearningRate ?? LearningRate / 10,
        DecaySteps = DecaySteps ?? Steps,
    };

    private void ValidateSchedule(List<string> problems)
    {
        if (!LearningRateSchedules.Names.Contains(LrSchedule, StringComparer.Ordinal))
        {
            problems.Add($"learning-rate schedule '{LrSchedule}' is not known; did you mean '{EditDistance.Closest(LrSchedule ?? "", LearningRateSchedules.Names)}'? Schedules: {string.Join(", ", LearningRateSchedules.Names)}.");
            return;
        }
        if (LrSchedule != LearningRateSchedules.Cosine)
        {
            if (MinLearningRate is not null || DecaySteps is not null)
            {
                problems.Add($"a minimum learning rate or decay steps are set, but the schedule is {LrSchedule}, which does not decay; add --lr-schedule cosine, or leave --min-lr and --decay-steps out.");
            }
            return;
        }
        if (MinLearningRate is { } min)
        {
            if (!(min >= 0) || double.IsInfinity(min))
            {
                problems.Add($"minimum learning rate is {min}; use 0 or a positive rate below the learning rate, such as {LearningRate / 10:G3}.");
            }
            else if (min > LearningRate)
            {
                problems.Add($"minimum learning rate {min} is above the learning rate {LearningRate}, which the cosine decays from; use at most {LearningRate} (default: a tenth of it).");
            }
        }
        if (DecaySteps is { } horizon && horizon < Math.Max(1, WarmupSteps))
        {
            problems.Add($"decay steps is {horizon}, but the decay starts after the {WarmupSteps}-step warm-up; use at least {Math.Max(1, WarmupSteps)} (default: the run's steps).");
        }
        else if (DecaySteps is null && Steps < WarmupSteps)
        {
            // The horizon defaults to the run's length, so a run shorter than its warm-up has no decay to make.
            problems.Add($"the cosine decay ends at the run's last step ({Steps}), before the {WarmupSteps}-step warm-up is over; use --steps {WarmupSteps} or more, a shorter --warmup, or --decay-steps.");
        }
    }

    /// <summary>Serialises with snake_case names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonFiles.Options);
}
