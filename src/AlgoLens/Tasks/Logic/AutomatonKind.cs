namespace AlgoLens.Tasks.Logic;

/// <summary>
/// The automata of <see cref="AutomatonTask"/>. Each is a group acting on itself (Liu et al. 2023's
/// group semiautomata): the state is the running product of the inputs, starting at the identity.
/// </summary>
public enum AutomatonKind
{
    /// <summary>Bits in, running parity out: the cyclic group of order 2.</summary>
    Parity,

    /// <summary>A counter modulo m: the cyclic group of order m.</summary>
    Counter,

    /// <summary>The symmetric group on 3 points (6 elements, the smallest non-abelian group, solvable).</summary>
    S3,

    /// <summary>The symmetric group on 5 points (120 elements, not solvable).</summary>
    S5,
}
