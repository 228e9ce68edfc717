using AlgoLens.Analysis.Patching;
using AlgoLens.Models;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// What <c>patch</c> sweeps: for activation and attribution patching every head's output (hook_z,
/// all positions), every MLP's output, and the residual stream entering each layer at each position;
/// for path patching every head as a sender into the receivers.
/// </summary>
internal sealed class PatchSweep(HookedTransformer model, PatchRequest request)
{
    /// <summary>The targets of activation and attribution patching, in report order.</summary>
    public static IReadOnlyList<PatchTarget> Targets(HookedTransformer model, int positions)
    {
        ArgumentNullException.ThrowIfNull(model);
        var config = model.Config;
        var targets = new List<PatchTarget>();
        for (int l = 0; l < config.NLayers; l++)
        {
            targets.AddRange(Enumerable.Range(0, config.NHeads).Select(h => PatchTarget.HeadOutput(l, h)));
            if (!config.AttnOnly)
            {
                targets.Add(PatchTarget.MlpOutput(l));
            }
        }
        for (int l = 0; l < config.NLayers; l++)
        {
            targets.AddRange(Enumerable.Range(0, positions).Select(p => PatchTarget.ResidPre(l, p)));
        }
        return targets;
    }

    /// <summary>Runs the request's method.</summary>
    public PatchingReport Run()
    {
        int positions = request.Clean.Positions;
        if (positions > model.Config.NCtx)
        {
            throw new ArgumentException($"The sequences have {positions} tokens but the model's context is n_ctx = {model.Config.NCtx}.");
        }
        switch (request.Method)
        {
            case "activation":
                return TargetPatching.Activation(model, request.Clean, request.Corrupt, request.Metric, Targets(model, positions));
            case "attribution":
                return AttributionPatching.Estimate(model, request.Clean, request.Corrupt, request.Metric, Targets(model, positions));
            default:
                var config = model.Config;
                request.Receivers = request.ReceiversText is null ? [PathReceiver.Logits] : PathReceiver.ParseList(request.ReceiversText, config.NLayers, config.NHeads);
                var senders = Enumerable.Range(0, config.NLayers).SelectMany(l => Enumerable.Range(0, config.NHeads).Select(h => (l, h))).ToList();
                return PathPatching.Run(model, request.Clean, request.Corrupt, request.Metric, senders, request.Receivers);
        }
    }
}
