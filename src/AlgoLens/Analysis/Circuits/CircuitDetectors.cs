using AlgoLens.Analysis.Interp;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Circuits;

/// <summary>
/// Circuit detectors, each a score in [0, 1] per head with a default threshold (docs/circuits.md):
/// <list type="bullet">
/// <item><c>previous_token</c>, <c>duplicate_token</c>, <c>induction</c>: TransformerLens's
/// <c>head_detector.py</c> patterns (<see cref="DetectionPatterns"/>). <c>score</c> is the attention on
/// the pattern averaged over the (sequence, query) pairs whose pattern row has a target (a perfect
/// head scores 1); <c>tl_score</c> is TL's <c>detect_head(..., error_measure="mul")</c> (defaults
/// <c>exclude_bos=False</c>, <c>exclude_current_token=False</c>): Σ A·D / Σ A per sequence, averaged
/// over the sequences.</item>
/// <item><c>first_token</c> (attention sink) and <c>self</c>: the mean attention on key 0 and on the
/// diagonal, over queries 1.. (query 0 can only attend to itself, which is key 0).</item>
/// <item><c>copying</c>: <see cref="CopyingScore"/>.</item>
/// </list>
/// </summary>
public static class CircuitDetectors
{
    /// <summary>Name of the previous-token detector.</summary>
    public const string PreviousToken = "previous_token";

    /// <summary>Name of the duplicate-token detector.</summary>
    public const string DuplicateToken = "duplicate_token";

    /// <summary>Name of the induction detector.</summary>
    public const string Induction = "induction";

    /// <summary>Name of the first-token (attention sink) detector.</summary>
    public const string FirstToken = "first_token";

    /// <summary>Name of the self-attention detector.</summary>
    public const string Self = "self";

    /// <summary>Name of the copying detector.</summary>
    public const string Copying = "copying";

    /// <summary>Default threshold of the attention detectors: most of the head's attention on its pattern.</summary>
    public const double AttentionThreshold = 0.5;

    /// <summary>Default threshold of the copying detector: nine in ten eigenvalues positive.</summary>
    public const double CopyingThreshold = 0.9;

    /// <summary>The per-head detectors, in the order they are listed.</summary>
    public static IReadOnlyList<string> HeadDetectorNames { get; } = [PreviousToken, DuplicateToken, Induction, FirstToken, Self, Copying];

    /// <summary>
    /// Every per-head detector on <paramref name="model"/> and <paramref name="tokens"/> (sequences
    /// of one length, at least 2 tokens, taken as given: no BOS is added). <paramref name="copyingTokens"/>
    /// pairs input and output ids of the token basis for <c>copying</c> (null: the same ids).
    /// A detector that does not apply is listed once with why.
    /// </summary>
    /// <exception cref="ArgumentException">The tokens are padded, too short or long for the model, or outside its vocabulary.</exception>
    public static IReadOnlyList<DetectorResult> Detect(IModel model, TokenBatch tokens, IReadOnlyList<(int Input, int Output)>? copyingTokens = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        if (WhyNoAttention(model) is { } none)
        {
            return HeadDetectorNames.Select(n => DetectorResult.NotApplicable(n, ThresholdOf(n), none)).ToList();
        }
        var transformer = (HookedTransformer)model;
        CheckTokens(transformer.Config, tokens);
        var results = new List<DetectorResult>();
        var patterns = AttentionPatterns.All(transformer, tokens); // per layer [batch, head, q, k]
        var cfg = transformer.Config;
        string[] names = [PreviousToken, DuplicateToken, Induction];
        // Sums per (detector, layer, head), sequence by sequence: only one sequence's detection
        // patterns are held at a time ([pos, pos] each), whatever the batch.
        var tl = new double[names.Length, cfg.NLayers, cfg.NHeads];
        var shares = new double[names.Length, cfg.NLayers, cfg.NHeads];
        var queries = new int[names.Length];
        for (int b = 0; b < tokens.Batch; b++)
        {
            for (int d = 0; d < names.Length; d++)
            {
                var detection = Pattern(names[d], Row(tokens, b));
                bool counted = false;
                for (int l = 0; l < cfg.NLayers; l++)
                {
                    for (int h = 0; h < cfg.NHeads; h++)
                    {
                        var attention = AttentionPatterns.Head(patterns[l], h, b);
                        tl[d, l, h] += PatternMatch.TlMul(attention, detection);
                        foreach (var (_, share) in PatternMatch.SharesOnTargets(attention, detection))
                        {
                            shares[d, l, h] += share;
                            if (!counted)
                            {
                                queries[d]++;
                            }
                        }
                        counted = true;
                    }
                }
            }
        }
        for (int d = 0; d < names.Length; d++)
        {
            string name = names[d];
            if (name == Induction && cfg.NLayers < 2)
            {
                results.Add(DetectorResult.NotApplicable(name, AttentionThreshold, "the model has one layer: an induction head reads a previous-token head of an earlier layer (K-composition)"));
                continue;
            }
            if (queries[d] == 0)
            {
                results.Add(DetectorResult.NotApplicable(name, AttentionThreshold, $"no query of the tokens has a target in the {name} pattern (e.g. no token repeats): give sequences that repeat tokens"));
                continue;
            }
            for (int l = 0; l < cfg.NLayers; l++)
            {
                for (int h = 0; h < cfg.NHeads; h++)
                {
                    results.Add(new DetectorResult(name, l, h, shares[d, l, h] / queries[d], tl[d, l, h] / tokens.Batch, AttentionThreshold));
                }
            }
        }
        AddDiagonal(results, FirstToken, patterns, p => AttentionScores.FirstToken(p, skipQueries: 1));
        AddDiagonal(results, Self, patterns, p => AttentionScores.Self(p, skipQueries: 1));
        if (CopyingScore.WhyNotApplicable(cfg, copyingTokens) is { } why)
        {
            results.Add(DetectorResult.NotApplicable(Copying, CopyingThreshold, why));
        }
        else
        {
            for (int l = 0; l < cfg.NLayers; l++)
            {
                for (int h = 0; h < cfg.NHeads; h++)
                {
                    results.Add(new DetectorResult(Copying, l, h, CopyingScore.Of(transformer, l, h, copyingTokens), null, CopyingThreshold));
                }
            }
        }
        return results;
    }

    /// <summary>Null when the model has attention heads the detectors can read; otherwise why not.</summary>
    public static string? WhyNoAttention(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not HookedTransformer transformer)
        {
            return $"the model kind '{model.Kind}' has no attention heads";
        }
        if (transformer.Config.NHeads == 0 || transformer.Config.NLayers == 0)
        {
            return "the transformer has no attention heads";
        }
        return transformer.Config.ReadsValues ? "the model reads real-valued vectors, not tokens" : null;
    }

    /// <summary>The default threshold of a per-head detector.</summary>
    public static double ThresholdOf(string name) => name == Copying ? CopyingThreshold : AttentionThreshold;

    /// <summary>The TransformerLens detection pattern of detector <paramref name="name"/> on one sequence.</summary>
    public static double[,] Pattern(string name, ReadOnlySpan<int> tokens) => name switch
    {
        PreviousToken => DetectionPatterns.PreviousToken(tokens),
        DuplicateToken => DetectionPatterns.DuplicateToken(tokens),
        Induction => DetectionPatterns.Induction(tokens),
        _ => throw new ArgumentException($"'{name}' has no detection pattern; the pattern detectors are {PreviousToken}, {DuplicateToken} and {Induction}."),
    };

    private static void AddDiagonal(List<DetectorResult> results, string name, IReadOnlyList<Tensor> patterns, Func<Tensor, double[]> score)
    {
        for (int l = 0; l < patterns.Count; l++)
        {
            var perHead = score(patterns[l]);
            for (int h = 0; h < perHead.Length; h++)
            {
                results.Add(new DetectorResult(name, l, h, perHead[h], null, AttentionThreshold));
            }
        }
    }

    private static ReadOnlySpan<int> Row(TokenBatch tokens, int b) => tokens.Ids.AsSpan(b * tokens.Positions, tokens.Positions);

    private static void CheckTokens(HookedTransformerConfig cfg, TokenBatch tokens)
    {
        if (tokens.AttentionMask is not null)
        {
            throw new ArgumentException("The detectors read sequences of one length without padding; give sequences of equal length.");
        }
        // TransformerLens asserts 1 < seq_len < n_ctx; a sequence filling the context is accepted here.
        if (tokens.Positions < 2 || tokens.Positions > cfg.NCtx)
        {
            throw new ArgumentException($"The detectors need sequences of 2 to n_ctx = {cfg.NCtx} tokens; got {tokens.Positions}.");
        }
        foreach (int id in tokens.Ids)
        {
            if ((uint)id >= (uint)cfg.DVocab)
            {
                throw new ArgumentException($"Token id {id} is outside the model's vocabulary 0..{cfg.DVocab - 1}; give ids below d_vocab = {cfg.DVocab}.");
            }
        }
    }
}
