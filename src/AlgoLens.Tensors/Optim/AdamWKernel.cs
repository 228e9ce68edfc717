using System.Numerics;

namespace AlgoLens.Tensors.Optim;

/// <summary>
/// The elementwise AdamW update, in float32, in the order of PyTorch's CPU kernels (AVX2/AVX-512
/// builds) for <c>torch.optim.AdamW</c> (single-tensor path):
/// <code>
/// p  = p * decay                                  param.mul_(1 - lr*wd)           (skipped when wd == 0)
/// m  = fma(w, g - m, m)         if |w| &lt; 0.5      exp_avg.lerp_(grad, w = 1-beta1)
///      fma(w - 1, g - m, g)     otherwise           (ATen lerp_vec)
/// v  = v * beta2                                   exp_avg_sq.mul_(beta2)
/// v  = v + ((1-beta2) * g) * g                     .addcmul_(grad, grad, value=1-beta2)
/// d  = sqrt(v) / bc2sqrt + eps                     (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
/// p  = p + (-step_size * m) / d                    param.addcdiv_(exp_avg, denom, value=-step_size)
/// </code>
/// Every line rounds to float32; the fused multiply-adds are exact-then-rounded-once on every
/// machine (hardware FMA or the runtime's correct software fallback), so the result does not depend
/// on the CPU or the vector width.
/// </summary>
internal static class AdamWKernel
{
    public static void Update(Span<float> param, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq, in AdamWCoefficients c)
    {
        int n = param.Length;
        if (grad.Length != n || expAvg.Length != n || expAvgSq.Length != n)
        {
            throw new ArgumentException("AdamW buffers must all have the parameter's length.");
        }
        bool smallWeight = Math.Abs(c.LerpWeight) < 0.5f;
        float lerpCoefficient = smallWeight ? c.LerpWeight : c.LerpWeight - 1f;

        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var decay = new Vector<float>(c.Decay);
            var coefficient = new Vector<float>(lerpCoefficient);
            var beta2 = new Vector<float>(c.Beta2);
            var oneMinusBeta2 = new Vector<float>(c.OneMinusBeta2);
            var bc2Sqrt = new Vector<float>(c.BiasCorrection2Sqrt);
            var eps = new Vector<float>(c.Epsilon);
            var negStep = new Vector<float>(c.NegativeStepSize);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var p = new Vector<float>(param[i..]);
                var g = new Vector<float>(grad[i..]);
                var m = new Vector<float>(expAvg[i..]);
                var v = new Vector<float>(expAvgSq[i..]);
                if (c.ApplyDecay)
                {
                    p *= decay;
                }
                m = Vector.FusedMultiplyAdd(coefficient, g - m, smallWeight ? m : g);
                v *= beta2;
                v += oneMinusBeta2 * g * g;
                var denom = Vector.SquareRoot(v) / bc2Sqrt + eps;
                p += negStep * m / denom;
                p.CopyTo(param[i..]);
                m.CopyTo(expAvg[i..]);
                v.CopyTo(expAvgSq[i..]);
            }
        }
        for (; i < n; i++)
        {
            float p = param[i];
            float g = grad[i];
            float m = expAvg[i];
            float v = expAvgSq[i];
            if (c.ApplyDecay)
            {
                p *= c.Decay;
            }
            m = MathF.FusedMultiplyAdd(lerpCoefficient, g - m, smallWeight ? m : g);
            v *= c.Beta2;
            v += c.OneMinusBeta2 * g * g;
            float denom = MathF.Sqrt(v) / c.BiasCorrection2Sqrt + c.Epsilon;
            p += c.NegativeStepSize * m / denom;
            param[i] = p;
            expAvg[i] = m;
            expAvgSq[i] = v;
        }
    }
}
