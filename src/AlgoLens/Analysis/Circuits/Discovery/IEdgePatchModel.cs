using AlgoLens.Data;

namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>
/// What circuit discovery needs of a model: its graph, each writer's output on an input, a forward
/// pass with chosen edges patched, and the gradient of a function of the outputs at every reader's
/// input. <see cref="TransformerEdgePatching"/> implements it with TransformerLens's hooks; a test can
/// implement it on a hand-built graph.
/// </summary>
public interface IEdgePatchModel
{
    /// <summary>The graph whose edges are patched.</summary>
    CircuitGraph Graph { get; }

    /// <summary>Every writer's output on <paramref name="input"/>, [batch, pos, d_model] each.</summary>
    SenderActivations Senders(ModelInput input);

    /// <summary>
    /// The outputs [batch, pos, d_vocab_out] (flat) on <paramref name="input"/> with every edge of
    /// <paramref name="patched"/> patched: the reader's input becomes its input in this pass, minus
    /// the writer's output in this pass, plus the writer's output in <paramref name="replacement"/>
    /// (ACDC's rule; a writer upstream of other patches contributes its patched value).
    /// </summary>
    float[] Run(ModelInput input, IReadOnlySet<CircuitEdge> patched, SenderActivations replacement);

    /// <summary>
    /// One forward and backward pass of the unpatched model on <paramref name="input"/>: the writers'
    /// outputs, and the gradient, at every reader's input (the reader's own slice, [batch, pos,
    /// d_model]), of the scalar whose gradient with respect to the flat outputs is
    /// <paramref name="outputGradient"/> (called with the outputs).
    /// </summary>
    (SenderActivations Senders, IReadOnlyDictionary<CircuitNode, float[]> ReceiverGradients) Gradients(ModelInput input, Func<float[], float[]> outputGradient);
}
