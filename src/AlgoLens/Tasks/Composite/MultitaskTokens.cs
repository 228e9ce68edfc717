namespace AlgoLens.Tasks.Composite;

/// <summary>Whether the subtasks of a multitask share tokens that have the same name.</summary>
public enum MultitaskTokens
{
    /// <summary>A name several subtasks use is one token (add's "5" is sub's "5"): embeddings can be reused across tasks.</summary>
    Shared,

    /// <summary>Every subtask's tokens are its own, named <c>task:token</c> (<c>add:5</c>, <c>sub:5</c>).</summary>
    Separate,
}
