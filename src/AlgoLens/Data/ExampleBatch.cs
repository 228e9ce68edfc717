namespace AlgoLens.Data;

/// <summary>Examples with their targets: what a task hands the trainer and what evaluation reads.</summary>
/// <param name="Input">The model's input, [batch, positions] tokens or [batch, positions, width] values.</param>
/// <param name="Targets">The expected outputs and where the loss reads them.</param>
public sealed record ExampleBatch(ModelInput Input, Targets Targets)
{
    /// <summary>Number of examples.</summary>
    public int Count => Input.Batch;

    /// <summary>The examples at <paramref name="rows"/>, in that order.</summary>
    public ExampleBatch SelectRows(ReadOnlySpan<int> rows) => new(Input.SelectRows(rows), Targets.SelectRows(rows));
}
