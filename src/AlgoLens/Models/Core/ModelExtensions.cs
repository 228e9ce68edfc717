using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>Conveniences every model kind gets from its parameters.</summary>
public static class ModelExtensions
{
    /// <summary>The parameters that train (RequiresGrad), in state-dict order.</summary>
    public static IReadOnlyList<Tensor> TrainableTensors(this IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Parameters.Tensors.Where(p => p.RequiresGrad).ToList();
    }

    /// <summary>Sum over all parameters of the sum of squared entries (a progress measure of grokking).</summary>
    public static double SquaredWeightSum(this IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double total = 0;
        foreach (var p in model.Parameters.Tensors)
        {
            foreach (float v in p.Data)
            {
                total += (double)v * v;
            }
        }
        return total;
    }

}
