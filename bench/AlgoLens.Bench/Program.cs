using AlgoLens.Bench;

// Benchmark suites, one per argument. Add a suite by adding a case here and a class beside this file.
string suite = args.Length > 0 ? args[0] : "";
string[] options = args.Length > 1 ? args[1..] : [];
switch (suite)
{
    case "peak":
        MachineInfo.Print();
        PeakBenchmark.Run(options);
        return 0;
    case "gemm":
        MachineInfo.Print();
        GemmBenchmark.Run(options);
        return 0;
    case "mlp":
        MachineInfo.Print();
        MlpBenchmark.Run(options);
        return 0;
    case "attention":
        MachineInfo.Print();
        AttentionBenchmark.Run(options);
        return 0;
    case "train-step":
        MachineInfo.Print();
        TrainStepBenchmark.Run(options);
        return 0;
    case "probe":
        MachineInfo.Print();
        ProbeBenchmark.Run(options);
        return 0;
    case "sae":
        MachineInfo.Print();
        SaeBenchmark.Run(options);
        return 0;
    default:
        Console.Error.WriteLine("""
            usage: dotnet run -c Release --project bench/AlgoLens.Bench -- <suite> [options]

            suites:
              peak   FMA peak of this machine (Vector512 and Vector256, 1 thread and all threads)
              gemm   GEMM GFLOP/s for the grokking-model shapes, square 512/1024 and tiny batched
                     products, next to the measured peak (options: --samples N, --quick)
              mlp    the grokking model's ReLU MLP alone, forward and forward + backward, chunked
                     against whole-matrix products, 1 thread and all (options: --quick)
              attention  the first block's table attention of the grokking step, forward and
                     forward + backward, 1 thread and all (options: --quick; --d-out N: tables
                     N wide, 512 for the MLP-wide tables of the folded first MLP; --fused: the
                     fused Ops.Attention at batch 512 x 32 positions instead)
              probe  a logistic probe (Probe.Classify, with its decay grid and control task) and a
                     ridge probe (Probe.Regress) on 10,000 planted rows x 128 dims, 5 classes
                     (options: --rows N, --dims N, --classes N, --samples N)
              train-step  ms per full-batch training step of the grokking preset, full and pruned
                     forward, 1 thread and all (options: --quick; --pruned: the pruned
                     forward with all threads only; --profile: per-op ms per step; --compare-fold:
                     the first MLP's input projection folded into the attention's tables
                     against projecting every row, in alternating samples)
                     --config NAME[,NAME...] and/or --model-option key=value (repeatable): any
                     transformer on the grokking data through the model's automatic forward
                     (configs: grokking, gelu-1, ln-gelu-2, gelu_new-1, ln-relu-2, rms-gelu-2), or a minibatch
                     step of the sequence shapes (seq-attn-2, seq-ln-gelu-2: batch 512 x 32
                     positions, vocabulary 64, loss at every position), or a step of the other
                     model kinds (mlp-grok: mlp, hidden 512, on the grokking data, full batch;
                     mlp-parity: the sparse-parity preset's mlp, batch 32; toy-512:
                     toy-superposition, 512 features, d_hidden 64, 10 instances, batch 1024;
                     --model-option sets that kind's fields), with nominal GFLOP,
                     GFLOP/s and managed allocation per step; --threads N, --samples N, --profile, --general (force the
                     hooked path), --peak GFLOPS, --compare-first-attention (sequence
                     shapes: the first block's attention reading the tables per slot against
                     gathering q, k, v per slot, in alternating samples), --baseline DIR (an earlier build's bin folder,
                     timed in alternating samples in this process)
              sae    the sparse autoencoder (issue 23): 1,024 features on 50,000 planted rows x 512,
                     wall and CPU time of the training and of the whole fit, GFLOP/s against the
                     FMA peak, diagnostics and planted directions recovered (options: --rows N,
                     --dim N, --features N, --epochs N, --batch N, --topk K, --l1 X, --lr X,
                     --planted N, --per-row N, --threads N, --peak GFLOPS (the library's defaults otherwise),
                     --dense: never the sparse backward)
            """);
        return suite is "" or "-h" or "--help" ? 0 : 1;
}
