using AlgoLens.Models;

namespace AlgoLens.Analysis.Measures;

/// <summary>Sums of squared weights of a model: in total, per component and per declared role.</summary>
public static class WeightNorms
{
    /// <summary>
    /// The component a parameter belongs to: its name without the last segment
    /// (<c>blocks.0.attn.W_Q</c> → <c>blocks.0.attn</c>, <c>embed.W_E</c> → <c>embed</c>); the name itself when it has one segment.
    /// </summary>
    public static string Component(string parameterName)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        int dot = parameterName.LastIndexOf('.');
        return dot > 0 ? parameterName[..dot] : parameterName;
    }

    /// <summary>
    /// Σw² over all parameters (in state-dict order, float64, as the trainer's <c>sum_squared_weights</c>),
    /// then per component and per role, keyed <c>sum_squared_weights</c>,
    /// <c>sum_squared_weights.&lt;component&gt;</c> and <c>sum_squared_weights.role.&lt;role&gt;</c>.
    /// Every role appears (0 when the model has none), so that all model kinds share the role columns.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Of(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var values = new Dictionary<string, double>();
        var byComponent = new Dictionary<string, double>();
        var byRole = Enum.GetValues<ParameterRole>().ToDictionary(r => r, _ => 0.0);
        double total = 0;
        foreach (var spec in model.Parameters.Specs)
        {
            // Accumulated element by element into the total too, as the trainer does, so that the
            // total matches metrics.csv's sum_squared_weights bit for bit.
            double sum = 0;
            foreach (float v in model.Parameters[spec.Name].Data)
            {
                double squared = (double)v * v;
                sum += squared;
                total += squared;
            }
            string component = Component(spec.Name);
            byComponent[component] = byComponent.GetValueOrDefault(component) + sum;
            byRole[spec.Role] += sum;
        }
        values["sum_squared_weights"] = total;
        foreach (var (component, sum) in byComponent)
        {
            values["sum_squared_weights." + component] = sum;
        }
        foreach (var (role, sum) in byRole)
        {
            values["sum_squared_weights.role." + RoleName(role)] = sum;
        }
        return values;
    }

    /// <summary>The role's name in column names, e.g. <c>norm_scale</c>.</summary>
    public static string RoleName(ParameterRole role) => role switch
    {
        ParameterRole.Weight => "weight",
        ParameterRole.Bias => "bias",
        ParameterRole.NormScale => "norm_scale",
        ParameterRole.NormBias => "norm_bias",
        _ => role.ToString().ToLowerInvariant(),
    };
}
