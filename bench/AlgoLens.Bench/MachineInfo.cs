using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Bench;

/// <summary>Prints what a figure needs beside it: CPU, cores, ISA, runtime, date.</summary>
internal static class MachineInfo
{
    public static void Print()
    {
        Console.WriteLine($"date:     {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"cpu:      {CpuModel()} ({Environment.ProcessorCount} logical cores)");
        Console.WriteLine($"isa:      AVX-512F {Avx512F.IsSupported}, Vector512 accelerated {Vector512.IsHardwareAccelerated}, AVX2 {Avx2.IsSupported}, FMA {Fma.IsSupported}");
        Console.WriteLine($"runtime:  {RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"gemm:     {Gemm.Isa} kernels, KC={Gemm.KC}, Parallelism.MaxThreads={Parallelism.MaxThreads}");
        Console.WriteLine();
    }

    private static string CpuModel()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
