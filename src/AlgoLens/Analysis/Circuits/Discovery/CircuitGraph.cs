namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>
/// The computational graph of a transformer as ACDC (Conmy et al. 2023) prunes it: every writer to
/// the residual stream (embeddings, heads, MLPs) has an edge to every reader after it (each head's
/// q, k and v inputs, each MLP's input, the logits). Readers are listed in ACDC's order, the reverse
/// of a topological order (logits first; then per block from the last, the MLP's input, then the
/// heads from the last, each with its q, k and v inputs), and each reader's writers nearest first
/// (the block before it, its MLP then its heads from the last, back to the embeddings), as
/// ACDC's <c>TLACDCCorrespondence.setup_from_model</c> builds them.
/// </summary>
public sealed class CircuitGraph
{
    private readonly Dictionary<CircuitNode, IReadOnlyList<CircuitEdge>> incoming = [];

    /// <summary>The graph of a transformer with these dimensions.</summary>
    /// <param name="layers">n_layers (at least 1).</param>
    /// <param name="heads">n_heads per layer (at least 1).</param>
    /// <param name="hasMlp">Whether the blocks have MLPs (not attn_only).</param>
    public CircuitGraph(int layers, int heads, bool hasMlp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        Layers = layers;
        Heads = heads;
        HasMlp = hasMlp;
        var receivers = new List<CircuitNode> { new(CircuitNodeKind.Logits, layers, -1) };
        for (int l = layers - 1; l >= 0; l--)
        {
            if (hasMlp)
            {
                receivers.Add(new CircuitNode(CircuitNodeKind.MlpIn, l, -1));
            }
            for (int h = heads - 1; h >= 0; h--)
            {
                receivers.Add(new CircuitNode(CircuitNodeKind.Query, l, h));
                receivers.Add(new CircuitNode(CircuitNodeKind.Key, l, h));
                receivers.Add(new CircuitNode(CircuitNodeKind.Value, l, h));
            }
        }
        Receivers = receivers;
        var edges = new List<CircuitEdge>();
        foreach (var receiver in receivers)
        {
            var parents = SendersBefore(receiver).Select(s => new CircuitEdge(s, receiver)).ToList();
            incoming[receiver] = parents;
            edges.AddRange(parents);
        }
        Edges = edges;
        var senders = new List<CircuitNode> { CircuitNode.Embed, CircuitNode.PosEmbed };
        for (int l = 0; l < layers; l++)
        {
            senders.AddRange(Enumerable.Range(0, heads).Select(h => new CircuitNode(CircuitNodeKind.Head, l, h)));
            if (hasMlp)
            {
                senders.Add(new CircuitNode(CircuitNodeKind.Mlp, l, -1));
            }
        }
        Senders = senders;
    }

    /// <summary>n_layers.</summary>
    public int Layers { get; }

    /// <summary>n_heads.</summary>
    public int Heads { get; }

    /// <summary>Whether the blocks have MLPs.</summary>
    public bool HasMlp { get; }

    /// <summary>The logits node.</summary>
    public CircuitNode Output => Receivers[0];

    /// <summary>The writers, in forward order (embed, pos_embed, then per block its heads and MLP).</summary>
    public IReadOnlyList<CircuitNode> Senders { get; }

    /// <summary>The readers in ACDC's visiting order (output first).</summary>
    public IReadOnlyList<CircuitNode> Receivers { get; }

    /// <summary>Every edge, grouped by reader in <see cref="Receivers"/> order, each reader's writers nearest first.</summary>
    public IReadOnlyList<CircuitEdge> Edges { get; }

    /// <summary>The edges into <paramref name="receiver"/>, nearest writer first.</summary>
    public IReadOnlyList<CircuitEdge> Incoming(CircuitNode receiver) =>
        incoming.TryGetValue(receiver, out var edges) ? edges : throw new ArgumentException($"'{receiver.Name}' is not a reader of this graph.", nameof(receiver));

    /// <summary>
    /// Whether <paramref name="sender"/> still reaches the logits through edges not in
    /// <paramref name="removed"/> (through its readers' owners, recursively).
    /// </summary>
    public bool ReachesOutput(CircuitNode sender, IReadOnlySet<CircuitEdge> removed)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(removed);
        var memo = new Dictionary<CircuitNode, bool>();
        return Reaches(sender, removed, memo);
    }

    /// <summary>
    /// The circuit that <paramref name="removed"/> leaves: the edges kept whose reader's owner still
    /// reaches the output (edges into a node with no path to the logits are dropped), in graph order.
    /// </summary>
    public IReadOnlyList<CircuitEdge> Kept(IReadOnlySet<CircuitEdge> removed)
    {
        ArgumentNullException.ThrowIfNull(removed);
        var memo = new Dictionary<CircuitNode, bool>();
        return Edges.Where(e => !removed.Contains(e) && (e.To.Owner is not { } owner || Reaches(owner, removed, memo)) && Reaches(e.From, removed, memo)).ToList();
    }

    private bool Reaches(CircuitNode sender, IReadOnlySet<CircuitEdge> removed, Dictionary<CircuitNode, bool> memo)
    {
        if (memo.TryGetValue(sender, out bool known))
        {
            return known;
        }
        bool reaches = false;
        foreach (var receiver in Receivers)
        {
            if (!IsBefore(sender, receiver) || removed.Contains(new CircuitEdge(sender, receiver)))
            {
                continue;
            }
            if (receiver.Owner is not { } owner || Reaches(owner, removed, memo))
            {
                reaches = true;
                break;
            }
        }
        memo[sender] = reaches;
        return reaches;
    }

    // The writers before a reader, nearest first: a reader in block l reads blocks < l (and an MLP's
    // input also its own block's heads); the logits read every block.
    private IEnumerable<CircuitNode> SendersBefore(CircuitNode receiver)
    {
        if (receiver.Kind == CircuitNodeKind.MlpIn)
        {
            for (int h = Heads - 1; h >= 0; h--)
            {
                yield return new CircuitNode(CircuitNodeKind.Head, receiver.Layer, h);
            }
        }
        for (int l = receiver.Layer - 1; l >= 0; l--)
        {
            if (HasMlp)
            {
                yield return new CircuitNode(CircuitNodeKind.Mlp, l, -1);
            }
            for (int h = Heads - 1; h >= 0; h--)
            {
                yield return new CircuitNode(CircuitNodeKind.Head, l, h);
            }
        }
        yield return CircuitNode.Embed;
        yield return CircuitNode.PosEmbed;
    }

    private static bool IsBefore(CircuitNode sender, CircuitNode receiver) => sender.Kind switch
    {
        CircuitNodeKind.Embed or CircuitNodeKind.PosEmbed => true,
        CircuitNodeKind.Head => receiver.Layer > sender.Layer || (receiver.Layer == sender.Layer && receiver.Kind == CircuitNodeKind.MlpIn),
        CircuitNodeKind.Mlp => receiver.Layer > sender.Layer,
        _ => false,
    };
}
