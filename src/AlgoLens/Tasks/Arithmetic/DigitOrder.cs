namespace AlgoLens.Tasks.Arithmetic;

/// <summary>
/// The order in which a digit-arithmetic task writes its answer's digits (operands are always
/// written most-significant digit first).
/// </summary>
public enum DigitOrder
{
    /// <summary>Most-significant digit first, as people write numbers; a causal model must then
    /// resolve every carry before it writes the first digit (Quirke and Barez 2023).</summary>
    Standard,

    /// <summary>Least-significant digit first, so each carry depends only on digits the model has
    /// already written; easier for a causal model (Lee et al. 2023, "Teaching Arithmetic to Small
    /// Transformers").</summary>
    Reversed,
}
