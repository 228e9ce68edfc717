using AlgoLens.Analysis.Patching;
using AlgoLens.Data;
using AlgoLens.Tasks;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// What <c>patch</c> was asked, checked: the paired clean and corrupt batches, the method, the
/// metric's position and tokens, the path receivers.
/// </summary>
/// <remarks>
/// The answer position is the last position where the task's ground truth of the first clean
/// sequence has a target (the last position when the task has none, or --answer is given); the
/// answer is the clean sequence's target there (or --answer), the wrong token the corrupt
/// sequence's target there (or --wrong).
/// </remarks>
internal sealed record PatchRequest(TokenBatch Clean, TokenBatch Corrupt, string Method, PatchingMetric Metric, int Position, int[] Answer, int[]? Wrong, string? ReceiversText)
{
    /// <summary>The methods --method accepts.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["activation", "attribution", "path"];

    /// <summary>The metrics --metric accepts.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["logit-diff", "loss", "prob"];

    /// <summary>The path receivers (set by <see cref="PatchSweep"/> from --receivers and the model), or null for other methods.</summary>
    public IReadOnlyList<PathReceiver>? Receivers { get; set; }

    /// <summary>Reads and checks the options against the run's task.</summary>
    public static PatchRequest Read(PatchCommand.Settings settings, ITask task)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(task);
        if (!Methods.Contains(settings.Method))
        {
            throw new ArgumentException($"Unknown --method '{settings.Method}'; use activation, attribution or path.");
        }
        if (!Metrics.Contains(settings.Metric))
        {
            throw new ArgumentException($"Unknown --metric '{settings.Metric}'; use logit-diff, loss or prob.");
        }
        if (settings.Receivers is not null && settings.Method != "path")
        {
            throw new ArgumentException("--receivers goes with --method path.");
        }
        if (string.IsNullOrWhiteSpace(settings.Clean) || string.IsNullOrWhiteSpace(settings.Corrupt))
        {
            throw new ArgumentException("Give both --clean and --corrupt: token names of the run's task, sequences separated by ';'.");
        }
        if (task.OutputVocabulary.Count == 0)
        {
            throw new ArgumentException($"Task '{task.Name}' has real-valued targets; patch's metrics read class logits.");
        }
        var clean = Read("--clean", settings.Clean, task);
        var corrupt = Read("--corrupt", settings.Corrupt, task);
        if (clean.Count != corrupt.Count)
        {
            throw new ArgumentException($"--clean has {clean.Count} sequences and --corrupt {corrupt.Count}; they pair sequence for sequence, so give as many of each.");
        }
        int length = clean[0].Length;
        if (clean.Concat(corrupt).Any(r => r.Length != length))
        {
            throw new ArgumentException($"The sequences of --clean and --corrupt have different lengths ({string.Join(", ", clean.Select(r => r.Length))} and {string.Join(", ", corrupt.Select(r => r.Length))} tokens); patching pairs them position for position and reads one answer position, so give every sequence the same number of tokens.");
        }
        var cleanBatch = TokenBatch.FromRows(clean.Select(r => (IReadOnlyList<int>)r).ToList());
        var corruptBatch = TokenBatch.FromRows(corrupt.Select(r => (IReadOnlyList<int>)r).ToList());

        int position = settings.Answer is null ? AnswerPosition(task, clean) : length - 1;
        int[] answer = settings.Answer is { } a ? Enumerable.Repeat(OutputId(task, a, "--answer"), clean.Count).ToArray() : Targets(task, clean, position, "--clean", "--answer");
        int[]? wrong = null;
        if (settings.Metric == "logit-diff")
        {
            wrong = settings.Wrong is { } w ? Enumerable.Repeat(OutputId(task, w, "--wrong"), clean.Count).ToArray() : Targets(task, corrupt, position, "--corrupt", "--wrong");
            for (int b = 0; b < answer.Length; b++)
            {
                if (answer[b] == wrong[b])
                {
                    throw new ArgumentException($"Sequence {b}: the answer and the wrong token are both '{task.OutputVocabulary.Names[answer[b]]}', so their logit difference is always 0; give a corrupt input with another answer, or --wrong TOKEN.");
                }
            }
        }
        else if (settings.Wrong is not null)
        {
            throw new ArgumentException($"--wrong is for --metric logit-diff; {settings.Metric} reads only the answer.");
        }
        var metric = settings.Metric switch
        {
            "logit-diff" => PatchingMetric.LogitDifference(answer, wrong!, position),
            "loss" => PatchingMetric.Loss(answer, position),
            _ => PatchingMetric.Probability(answer, position),
        };
        return new PatchRequest(cleanBatch, corruptBatch, settings.Method, metric, position, answer, wrong, settings.Receivers);
    }

    private static List<int[]> Read(string option, string text, ITask task)
    {
        var rows = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException($"{option} has no sequence; write token names, sequences separated by ';'.");
        }
        try
        {
            return rows.Select(task.Vocabulary.ToTokens).ToList();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{option}: {e.Message}", e);
        }
    }

    // The last position where the first clean sequence has a target; the last position when the task knows no targets.
    private static int AnswerPosition(ITask task, List<int[]> clean)
    {
        if (task is not ITokenGroundTruth truth)
        {
            return clean[0].Length - 1;
        }
        var targets = Answers(truth, clean[0], "--clean");
        int position = Array.FindLastIndex(targets, t => t >= 0);
        return position >= 0
            ? position
            : throw new ArgumentException($"The first --clean sequence has no position with a target of task '{task.Name}'; give a complete example, or --answer TOKEN (read at the last position).");
    }

    private static int[] Targets(ITask task, List<int[]> rows, int position, string option, string overrideOption)
    {
        if (task is not ITokenGroundTruth truth)
        {
            throw new ArgumentException($"Task '{task.Name}' does not compute targets of arbitrary inputs; give {overrideOption} TOKEN.");
        }
        return rows.Select((row, b) =>
        {
            int target = Answers(truth, row, option)[position];
            return target >= 0 ? target : throw new ArgumentException($"Sequence {b} of {option} has no target at position {position}, where the metric reads; give sequences of one layout, or {overrideOption} TOKEN.");
        }).ToArray();
    }

    private static int[] Answers(ITokenGroundTruth truth, int[] row, string option)
    {
        try
        {
            return truth.Answer(row);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{option} is not an example of the run's task ({e.Message}); give a valid example, or --answer and --wrong.", e);
        }
    }

    private static int OutputId(ITask task, string name, string option)
    {
        try
        {
            return task.OutputVocabulary.ToTokens(name) is [int id] ? id : throw new ArgumentException($"{option} takes one token.");
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{option} '{name}': {e.Message}", e);
        }
    }
}
