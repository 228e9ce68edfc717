namespace AlgoLens.Tensors.Optim;

/// <summary>
/// The float32 scalars of one AdamW update of one parameter, each derived in double and rounded to
/// float once, as PyTorch converts a Python scalar to the tensor's dtype before a CPU kernel runs.
/// </summary>
internal readonly record struct AdamWCoefficients(
    bool ApplyDecay,
    float Decay,
    float LerpWeight,
    float Beta2,
    float OneMinusBeta2,
    float BiasCorrection2Sqrt,
    float Epsilon,
    float NegativeStepSize)
{
    /// <summary>Derives the coefficients of a parameter's update number <paramref name="step"/> (1-based).</summary>
    public static AdamWCoefficients For(long step, double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    {
        // Python-side arithmetic in torch.optim.adam._single_tensor_adam, in double.
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        double stepSize = learningRate / biasCorrection1;
        double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        return new AdamWCoefficients(
            ApplyDecay: weightDecay != 0,
            Decay: (float)(1 - learningRate * weightDecay),
            LerpWeight: (float)(1 - beta1),
            Beta2: (float)beta2,
            OneMinusBeta2: (float)(1 - beta2),
            BiasCorrection2Sqrt: (float)biasCorrection2Sqrt,
            Epsilon: (float)epsilon,
            NegativeStepSize: (float)-stepSize);
    }
}
