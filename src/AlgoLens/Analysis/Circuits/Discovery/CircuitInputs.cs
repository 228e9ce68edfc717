using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Language;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>
/// The inputs a circuit is found on: clean inputs, the corrupt inputs whose activations a patched
/// edge carries (row by row), the right class at each (row, position) of the clean inputs and, for
/// the logit difference, a wrong one.
/// </summary>
/// <param name="Clean">The clean inputs.</param>
/// <param name="Corrupt">The corrupt inputs, the same shape.</param>
/// <param name="Targets">The right class per clean (row, position), -1 where the task reads no loss.</param>
/// <param name="Wrong">The wrong answer per (row, position) that the logit difference compares with, -1 where none.</param>
/// <param name="Description">How the inputs were made, for the report.</param>
public sealed record CircuitInputs(ModelInput Clean, ModelInput Corrupt, int[] Targets, int[] Wrong, string Description)
{
    /// <summary>
    /// Inputs the task supplies: on IOI, Wang et al.'s ABC set (each sentence with its three names
    /// replaced by three other names; the wrong answer is the subject); on any other task, clean
    /// inputs drawn from the task and, as corrupt inputs, other random inputs of the task (ACDC's
    /// usual choice), the wrong answer being the corrupt row's answer at the same position. Sampled
    /// tasks draw with PCG32 from <paramref name="seed"/> (clean) and seed + 1 (corrupt); enumerated
    /// tasks draw rows of their full set.
    /// </summary>
    /// <exception cref="ArgumentException">The task has real-valued input or targets, or its clean and corrupt inputs differ in shape.</exception>
    public static CircuitInputs ForTask(ITask task, int count, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        RequireClasses(task);
        if (task is IoiTask ioi)
        {
            var set = IoiPatchingSet.Abc(ioi, new Rng(seed), count);
            int positions = set.Clean.Positions;
            var targets = Enumerable.Repeat(-1, count * positions).ToArray();
            var wrong = Enumerable.Repeat(-1, count * positions).ToArray();
            for (int r = 0; r < count; r++)
            {
                targets[r * positions + set.EndPosition] = set.IndirectObjects[r];
                wrong[r * positions + set.EndPosition] = set.Subjects[r];
            }
            return new CircuitInputs(set.Clean, set.Corrupted, targets, wrong,
                $"{count} IOI sentences (frame 0) and their ABC corruptions (three other names); right answer the indirect object, wrong answer the subject, at the last position");
        }
        ExampleBatch clean, corrupt;
        switch (task)
        {
            case ISampledTask sampled:
                clean = sampled.Sample(new Rng(seed), count);
                corrupt = sampled.Sample(new Rng(seed + 1), count);
                break;
            case IEnumeratedTask enumerated:
                var all = enumerated.Generate();
                var rng = new Rng(seed);
                var cleanRows = Enumerable.Range(0, count).Select(_ => rng.NextInt(all.Count)).ToArray();
                var corruptRows = Enumerable.Range(0, count).Select(_ => rng.NextInt(all.Count)).ToArray();
                clean = all.SelectRows(cleanRows);
                corrupt = all.SelectRows(corruptRows);
                break;
            default:
                throw new ArgumentException($"Task '{task.Name}' neither samples nor enumerates its examples; give --clean and --corrupt.");
        }
        if (clean.Input.Positions != corrupt.Input.Positions)
        {
            throw new ArgumentException($"Task '{task.Name}' gave clean and corrupt inputs of different lengths ({clean.Input.Positions} and {corrupt.Input.Positions}); give --clean and --corrupt of one length.");
        }
        return new CircuitInputs(clean.Input, corrupt.Input, clean.Targets.Classes!, corrupt.Targets.Classes!,
            $"{count} random inputs of task '{task.Name}' (seed {seed}); corrupt inputs: {count} other random inputs (seed {seed + 1}); wrong answer the corrupt input's answer at the same position");
    }

    /// <summary>
    /// Inputs given as token ids: the right answers from the task's ground truth on the clean rows,
    /// the wrong answers its answers on the corrupt rows.
    /// </summary>
    /// <exception cref="ArgumentException">The task has no ground truth for token input, or the batches differ in shape.</exception>
    public static CircuitInputs FromTokens(ITask task, TokenBatch clean, TokenBatch corrupt)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(corrupt);
        RequireClasses(task);
        if (task is not ITokenGroundTruth truth)
        {
            throw new ArgumentException($"Task '{task.Name}' has no ground truth for given tokens, so --clean and --corrupt cannot be scored; leave them out to use the task's own inputs.");
        }
        if (clean.Batch != corrupt.Batch || clean.Positions != corrupt.Positions)
        {
            throw new ArgumentException($"--clean is [{clean.Batch}, {clean.Positions}] and --corrupt is [{corrupt.Batch}, {corrupt.Positions}]; give as many corrupt sequences as clean ones, each of the same length.");
        }
        return new CircuitInputs(clean, corrupt, Answers(truth, clean), Answers(truth, corrupt),
            $"{clean.Batch} given clean sequences and their given corruptions");
    }

    private static int[] Answers(ITokenGroundTruth truth, TokenBatch batch)
    {
        var answers = new int[batch.Batch * batch.Positions];
        for (int r = 0; r < batch.Batch; r++)
        {
            var row = truth.Answer(batch.Ids.AsSpan(r * batch.Positions, batch.Positions));
            row.CopyTo(answers, r * batch.Positions);
        }
        return answers;
    }

    private static void RequireClasses(ITask task)
    {
        if (task.InputWidth > 0 || task.TargetKind != TargetKind.Classes)
        {
            throw new ArgumentException($"Task '{task.Name}' has real-valued input or targets; circuit discovery measures class outputs on token input.");
        }
    }
}
