namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>What a node of the circuit graph is: a writer to the residual stream or a reader of it.</summary>
public enum CircuitNodeKind
{
    /// <summary>The token embedding (<c>hook_embed</c>), a writer.</summary>
    Embed,

    /// <summary>The positional embedding (<c>hook_pos_embed</c>), a writer.</summary>
    PosEmbed,

    /// <summary>One attention head's output (<c>blocks.L.attn.hook_result</c>, head H), a writer.</summary>
    Head,

    /// <summary>One MLP's output (<c>blocks.L.hook_mlp_out</c>), a writer.</summary>
    Mlp,

    /// <summary>One head's query input (<c>blocks.L.hook_q_input</c>, head H), a reader.</summary>
    Query,

    /// <summary>One head's key input (<c>blocks.L.hook_k_input</c>, head H), a reader.</summary>
    Key,

    /// <summary>One head's value input (<c>blocks.L.hook_v_input</c>, head H), a reader.</summary>
    Value,

    /// <summary>One MLP's input before ln2 (<c>blocks.L.hook_mlp_in</c>), a reader.</summary>
    MlpIn,

    /// <summary>The residual stream at the unembedding (the last block's <c>hook_resid_post</c>), a reader.</summary>
    Logits,
}

/// <summary>
/// A node of the computational graph that automated circuit discovery prunes. Writers (embeddings,
/// heads, MLPs) add their output to the residual stream; readers (each head's q, k and v inputs,
/// each MLP's input, the logits) read the sum of the writers before them. Names: <c>embed</c>,
/// <c>pos_embed</c>, <c>L1H0</c> (a head's output), <c>L1H0.q</c>|<c>.k</c>|<c>.v</c> (its
/// inputs), <c>MLP0</c> (an MLP's output), <c>MLP0.in</c> (its input), <c>logits</c>.
/// </summary>
/// <param name="Kind">What the node is.</param>
/// <param name="Layer">The block (-1 for the embeddings, n_layers for the logits).</param>
/// <param name="Head">The head, or -1 where the node is not a head's.</param>
public sealed record CircuitNode(CircuitNodeKind Kind, int Layer, int Head)
{
    /// <summary>The token embedding.</summary>
    public static CircuitNode Embed { get; } = new(CircuitNodeKind.Embed, -1, -1);

    /// <summary>The positional embedding.</summary>
    public static CircuitNode PosEmbed { get; } = new(CircuitNodeKind.PosEmbed, -1, -1);

    /// <summary>Whether the node writes to the residual stream (a sender of edges).</summary>
    public bool IsSender => Kind is CircuitNodeKind.Embed or CircuitNodeKind.PosEmbed or CircuitNodeKind.Head or CircuitNodeKind.Mlp;

    /// <summary>
    /// The writer whose input this reader is (a head for q/k/v, the MLP for its input); null for the
    /// logits and for writers.
    /// </summary>
    public CircuitNode? Owner => Kind switch
    {
        CircuitNodeKind.Query or CircuitNodeKind.Key or CircuitNodeKind.Value => new CircuitNode(CircuitNodeKind.Head, Layer, Head),
        CircuitNodeKind.MlpIn => new CircuitNode(CircuitNodeKind.Mlp, Layer, -1),
        _ => null,
    };

    /// <summary>The node's name, e.g. <c>L1H0.k</c> (see the type's summary).</summary>
    public string Name => Kind switch
    {
        CircuitNodeKind.Embed => "embed",
        CircuitNodeKind.PosEmbed => "pos_embed",
        CircuitNodeKind.Head => $"L{Layer}H{Head}",
        CircuitNodeKind.Mlp => $"MLP{Layer}",
        CircuitNodeKind.Query => $"L{Layer}H{Head}.q",
        CircuitNodeKind.Key => $"L{Layer}H{Head}.k",
        CircuitNodeKind.Value => $"L{Layer}H{Head}.v",
        CircuitNodeKind.MlpIn => $"MLP{Layer}.in",
        CircuitNodeKind.Logits => "logits",
        _ => throw new InvalidOperationException($"Unknown node kind {Kind}."),
    };

    /// <summary>The node named <paramref name="name"/> (see <see cref="Name"/>); <paramref name="layers"/> places the logits.</summary>
    /// <exception cref="FormatException">Not a node name.</exception>
    public static CircuitNode Parse(string name, int layers)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name)
        {
            case "embed":
                return Embed;
            case "pos_embed":
                return PosEmbed;
            case "logits":
                return new CircuitNode(CircuitNodeKind.Logits, layers, -1);
        }
        var match = System.Text.RegularExpressions.Regex.Match(name, @"^(?:L(\d+)H(\d+)(?:\.([qkv]))?|MLP(\d+)(\.in)?)$");
        if (!match.Success)
        {
            throw new FormatException($"'{name}' is not a circuit node name (embed, pos_embed, L1H0, L1H0.q|k|v, MLP0, MLP0.in, logits).");
        }
        static int Int(System.Text.RegularExpressions.Group g) => int.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture);
        if (match.Groups[4].Success)
        {
            return new CircuitNode(match.Groups[5].Success ? CircuitNodeKind.MlpIn : CircuitNodeKind.Mlp, Int(match.Groups[4]), -1);
        }
        var kind = match.Groups[3].Value switch
        {
            "q" => CircuitNodeKind.Query,
            "k" => CircuitNodeKind.Key,
            "v" => CircuitNodeKind.Value,
            _ => CircuitNodeKind.Head,
        };
        return new CircuitNode(kind, Int(match.Groups[1]), Int(match.Groups[2]));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>An edge of the circuit graph: a writer's output as part of a reader's input.</summary>
/// <param name="From">The writer (a sender).</param>
/// <param name="To">The reader (a receiver).</param>
public sealed record CircuitEdge(CircuitNode From, CircuitNode To)
{
    /// <inheritdoc/>
    public override string ToString() => $"{From.Name} -> {To.Name}";
}
