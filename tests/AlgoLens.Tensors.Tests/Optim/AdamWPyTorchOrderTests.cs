using AlgoLens.Tensors.Optim;

namespace AlgoLens.Tensors.Tests.Optim;

/// <summary>
/// Pins AdamW's float32 results bit for bit against an independent emulation of PyTorch's CPU
/// arithmetic for torch.optim.AdamW (single-tensor path, AVX2 kernels), written in Python 3 with
/// exact rationals so each op rounds to float32 exactly once:
/// <code>
/// r32 = round a Fraction to the nearest float32 (ties to even); f32(x) = r32(Fraction(x))
/// mul/add/sub/div(a, b) = r32(a op b); fma(a, b, c) = r32(a*b + c); sqrt32(a) = f32(math.sqrt(a))
/// for t, g in enumerate(grads, 1):
///     bc1 = 1 - b1**float(t); bc2 = 1 - b2**float(t); step = lr / bc1; bc2s = bc2**0.5
///     decay = f32(1 - lr*wd); w = f32(1 - b1); B2 = f32(b2); omb2 = f32(1 - b2)
///     S = f32(bc2s); E = f32(eps); NS = f32(-step)
///     small = abs(w) &lt; 0.5; coef = w if small else sub(w, 1.0)       # ATen lerp_vec
///     for i:
///         p[i] = mul(p[i], decay)                                        # param.mul_(1 - lr*wd)
///         m[i] = fma(coef, sub(g[i], m[i]), m[i] if small else g[i])     # exp_avg.lerp_(grad, 1-b1)
///         v[i] = add(mul(v[i], B2), mul(mul(omb2, g[i]), g[i]))          # mul_(b2).addcmul_(g, g, 1-b2)
///         d = add(div(sqrt32(v[i]), S), E)                               # (sqrt(v) / bc2s).add_(eps)
///         p[i] = add(p[i], div(mul(NS, m[i]), d))                        # param.addcdiv_(m, d, -step)
/// </code>
/// 19 elements cover the vector body and the scalar tail for any vector width; beta1 = 0.4 takes
/// lerp's other branch (weight ≥ 0.5); a zero and a 1e-10 gradient test eps.
/// </summary>
public class AdamWPyTorchOrderTests
{
    private static readonly double[] InitialValues =
        [0.5, -1.25, 3.0, 0.0, 0.001, -0.75, 2.5, -2.0, 0.125, 1.5, -0.3, 0.7, 1.1, -1.9, 0.05, 4.0, -3.5, 0.9, 0.33];

    private static readonly double[][] Gradients =
    [
        [0.492, 0.967, 1.181, 0.0, 1e-10, 1.689, -1.884, -0.138, 1.773, 0.596, 1.604, -1.547, -0.124, -1.014, 0.175, 0.296, -1.948, -1.133, -0.882],
        [1.665, 1.063, -1.362, 0.0, -1e-10, 0.47, -1.493, -1.993, 1.486, -1.162, -1.138, 1.93, 1.49, -0.843, 1.846, 0.157, 0.711, -1.181, 1.764],
        [0.763, 1.866, 1.575, 0.0, 1e-10, -1.336, -1.417, -1.739, -0.795, 0.412, -1.986, 0.712, -0.648, -0.76, 1.274, -0.077, -0.737, -0.075, 0.819],
    ];

    [Fact]
    public void GrokkingSettings_ThreeSteps_MatchBitwise()
    {
        // lr 1e-3, betas (0.9, 0.98), eps 1e-8, weight decay 1.0.
        Check(0.9, 0.98, 1.0,
            [0x3EFDCD8F, 0xBF9FE6A1, 0x403F58A9, 0x00000000, 0x3A810439, 0xBF3FEE52, 0x401FB5E4, 0xBFFEE480, 0x3DFA1861, 0x3FBF59F0, 0xBE99828B, 0x3F32CD04, 0x3F8C6385, 0xBFF2172D, 0x3D41411D, 0x407F127A, 0xC05F359F, 0x3F666D5C, 0x3EA884BE],
            [0x3E88316A, 0x3EB8A02C, 0x3E05B707, 0x00000000, 0x2D2016C1, 0x3D3A67A5, 0xBEDB7B28, 0xBEBA98EE, 0x3E4A99F9, 0xBC7776BC, 0xBE2F33CA, 0x3DF4ED2A, 0x3D72B66B, 0xBE6F9EBF, 0x3E9D8CD2, 0x3CF91602, 0xBE2B8498, 0xBE527F1C, 0x3E2D477C],
            [0x3D90A5B4, 0x3DE0C367, 0x3DE6EFBA, 0x00000000, 0x1C31BC7D, 0x3DC2325E, 0x3E1BAC77, 0x3E0E0778, 0x3DEE2FC4, 0x3D16408C, 0x3E1D5FB6, 0x3E0436E6, 0x3D55D768, 0x3D39436B, 0x3DCC7970, 0x3B15B9B5, 0x3DBFD0F4, 0x3D556E10, 0x3DB6FB78]);
    }

    [Fact]
    public void LargeLerpWeight_ThreeSteps_MatchBitwise()
    {
        // lr 1e-3, betas (0.4, 0.999), eps 1e-8, weight decay 0.01.
        Check(0.4, 0.999, 0.01,
            [0x3EFE7951, 0xBFA066B5, 0x403FED0C, 0x00000000, 0x3A81B1BD, 0xBF404E59, 0x40202DB8, 0xBFFF9833, 0x3DFBE768, 0x3FBFF408, 0xBE998855, 0x3F332D4D, 0x3F8CCE38, 0xBFF2D31B, 0x3D404CC2, 0x407FDE4A, 0xC05FE708, 0x3F6708A3, 0x3EA8BA86],
            [0x3F6795F6, 0x3FBBD8BF, 0x3F3B4353, 0x00000000, 0x2E488D0A, 0xBF06D2EE, 0xBFB1D756, 0xBFC479D5, 0x3D4C2D4F, 0x3CD130EC, 0xBFA7C633, 0x3F3DEC5F, 0xBD308DD6, 0xBF417332, 0x3F9CB3E6, 0x3CA2FCEF, 0xBEEAC96D, 0xBEDFD9BA, 0x3F5480A6],
            [0x3B6B7BEC, 0x3BB5AA92, 0x3BBB9F62, 0x00000000, 0x1A10ED14, 0x3B9F0282, 0x3BFED6CA, 0x3BE5BE3E, 0x3BC3CC1A, 0x3AF58445, 0x3BFFC645, 0x3BD8CF99, 0x3B2DE01F, 0x3B17A118, 0x3BA5BD26, 0x38F773AA, 0x3B9E7177, 0x3B2FA4DB, 0x3B95481B]);
    }

    private static void Check(double beta1, double beta2, double weightDecay, uint[] expectedParam, uint[] expectedExpAvg, uint[] expectedExpAvgSq)
    {
        var p = Tensor.Parameter(InitialValues.Select(v => (float)v).ToArray(), [InitialValues.Length], "p");
        var optimizer = new AdamW([p], learningRate: 1e-3, beta1: beta1, beta2: beta2, epsilon: 1e-8, weightDecay: weightDecay);
        foreach (var g in Gradients)
        {
            p.Grad = g.Select(v => (float)v).ToArray();
            optimizer.Step();
        }
        var state = optimizer.GetState();
        Assert.Equal(expectedParam, p.Data.Select(BitConverter.SingleToUInt32Bits).ToArray());
        Assert.Equal(expectedExpAvg, state.Buffers["p.exp_avg"].Select(BitConverter.SingleToUInt32Bits).ToArray());
        Assert.Equal(expectedExpAvgSq, state.Buffers["p.exp_avg_sq"].Select(BitConverter.SingleToUInt32Bits).ToArray());
    }
}
