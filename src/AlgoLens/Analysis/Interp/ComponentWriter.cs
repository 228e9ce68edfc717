namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Writes one residual-stream component of one example (its d_model vector) into a buffer.
/// Components are written on demand rather than stored, because with neurons expanded a
/// [batch, components, d_model] array of a full dataset would take gigabytes.
/// </summary>
internal delegate void ComponentWriter(int example, Span<double> residual);
