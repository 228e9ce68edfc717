using AlgoLens.Cli.Commands;
using AlgoLens.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli;

/// <summary>
/// The <c>algolens</c> command line: its commands and how it reports errors in the command line
/// itself. Program.cs only runs it; tests configure an app the same way to enumerate its commands.
/// </summary>
internal static class AlgoLensApp
{
    /// <summary>The AlgoLens version, as run.json's <c>algolens_version</c> and the error log record it.</summary>
    public static string Version => AlgoLensVersion.Current;

    /// <summary>Runs the command line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        // Spectre.Console.Cli needs long option names of two or more letters; the field's name for the
        // modulus is p, so --p is accepted as an alias of --modulus.
        string[] arguments = [.. args.Select(a => a == "--p" ? "--modulus" : a.StartsWith("--p=", StringComparison.Ordinal) ? "--modulus=" + a[4..] : a)];
        var app = new CommandApp();
        app.Configure(config => Configure(config, arguments));
        return app.Run(arguments);
    }

    /// <summary>Adds every command to <paramref name="config"/>; <paramref name="arguments"/> (the command line) serve the error hints.</summary>
    public static void Configure(IConfigurator config, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(arguments);
        string? commandName = arguments.FirstOrDefault(a => !a.StartsWith('-'));
        config.SetApplicationName("algolens");
        // `algolens --version` prints the version run.json records (the library's), so that a run
        // can be matched with the tool that made it.
        config.SetApplicationVersion(Version);
        // Spectre.Console.Cli ignores unknown options by default (`train --learning-rate 5` trained at
        // the default rate); strict parsing makes them errors.
        config.UseStrictParsing();
        // Errors Spectre finds in the command line (unknown options, bad values) are bad input: exit
        // code 2, with a "did you mean" for an unknown option. The commands handle their own errors
        // (CliErrors); anything else reaching here is a bug: exit code 1 with a log.
        config.SetExceptionHandler((exception, _) =>
        {
            if (exception is CommandAppException { } parse and (CommandParseException or CommandRuntimeException or CommandConfigurationException))
            {
                if (parse.Pretty is { } pretty)
                {
                    AnsiConsole.Write(pretty);
                }
                else
                {
                    // Spectre names a value's .NET type ("to Nullable`1"); the user needs the option and its range.
                    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {OptionHints.ConversionError(parse.Message, arguments) ?? parse.Message}");
                }
                if (OptionHints.UnknownOption(parse.Message) is { } unknown && OptionHints.Suggest(commandName, unknown) is { } hint)
                {
                    AnsiConsole.MarkupLineInterpolated($"{hint}");
                }
                return CliErrors.BadInput;
            }
            CliErrors.ReportUnexpected(exception, arguments.Contains("--verbose"), null);
            return CliErrors.Unexpected;
        });
        config.AddCommand<GrokCommand>("grok")
            .WithDescription("Train the grokking preset, analyse every checkpoint and write the report, in one command.")
            .WithExample("grok")
            .WithExample("grok", "--preset", "small", "--seed", "1");
        config.AddBranch("tasks", tasks =>
        {
            tasks.SetDescription("List the algorithmic tasks, or show one (vocabulary, options, examples).");
            tasks.SetDefaultCommand<TasksCommand>();
            tasks.AddCommand<TaskShowCommand>("show")
                .WithDescription("A task's vocabulary, options and examples as text (--json for machines).")
                .WithExample("tasks", "show", "sort", "--samples", "5")
                .WithExample("tasks", "show", "add", "--p", "7", "--json");
        });
        config.AddCommand<PresetsCommand>("presets")
            .WithDescription("List the presets `train --preset NAME` accepts: task, model and training of each (--json in full).");
        config.AddCommand<TrainCommand>("train")
            .WithDescription("Train a model on a task into a run folder (run.json, metrics.csv, checkpoints/).")
            .WithExample("train", "--preset", "grokking", "--seed", "0", "--out", "runs/grok-113");
        config.AddCommand<EvalCommand>("eval").WithDescription("Loss and accuracy of a run's checkpoint on train and test.");
        config.AddCommand<AnalyzeCommand>("analyze")
            .WithDescription("Every measure that applies, at every checkpoint of a run (analysis/measures.csv, measures.json and the measures' own files).");
        config.AddCommand<DetectCommand>("detect").WithDescription("Circuit detectors (previous-token, duplicate-token, induction, first-token, self, copying heads; the Fourier clock) scored per head on a run's checkpoint or a model file.");
        config.AddCommand<CircuitCommand>("circuit")
            .WithDescription("Automated circuit discovery (ACDC, EAP) on a run's checkpoint: the edges between embeddings, heads' q/k/v inputs and outputs, MLPs and the logits that a metric needs; written to analysis/circuit.json and drawn by report.")
            .WithExample("circuit", "runs/repeat", "--metric", "kl", "--threshold", "0.01");
        config.AddCommand<ProbeCommand>("probe")
            .WithDescription("A linear or logistic probe from a hook's activations to a feature of the run's task, with its control task and selectivity (Hewitt & Liang 2019); --all-layers gives the per-layer curve; written to analysis/probe-*.json and drawn by report.")
            .WithExample("probe", "runs/automaton", "--hook", "resid_post", "--feature", "state", "--all-layers");
        config.AddCommand<PatchCommand>("patch").WithDescription("Activation, attribution or path patching: the effect of every head, MLP and residual position on a metric (logit difference by default), clean input patched into corrupt.");
        config.AddCommand<ScrubCommand>("scrub")
            .WithDescription("Causal scrubbing: the loss recovered by a hypothesis (fourier, induction or a JSON file) when everything it says does not matter is resampled.")
            .WithExample("scrub", "runs/grok-113", "--hypothesis", "fourier", "--json");
        config.AddCommand<DictionaryCommand>("dictionary")
            .WithDescription("Dictionary learning (PCA, SVD, NMF, FastICA, sparse autoencoder) on one hook's activations: reconstruction error, the loss with the reconstruction spliced in, and the features or key frequencies the atoms recover; written to analysis/dictionary-METHOD-HOOK.json and compared in the report.")
            .WithExample("dictionary", "runs/grok-113", "--hook", "blocks.0.mlp.hook_post", "--method", "nmf", "--components", "16");
        config.AddCommand<PruneCommand>("prune")
            .WithDescription("Lottery tickets: iterative magnitude pruning with weight rewinding at each sparsity, against random masks of the same sparsity; each ticket an ordinary run under RUN_DIR/tickets, the comparison in analysis/lottery.json and the report.")
            .WithExample("prune", "runs/small", "--sparsity", "0.5,0.8,0.9", "--rewind-step", "100", "--rounds", "2");
        config.AddCommand<SuperpositionCommand>("superposition")
            .WithDescription("Toy models of superposition: train n features in m dimensions at several sparsities (and importances) together, and print each instance's feature norms, dimensionality D_i and superposition.")
            .WithExample("superposition", "--features", "5", "--dims", "2", "--sparsity", "0,0.9,0.99", "--importance-decay", "1", "--json");
        config.AddCommand<ReportCommand>("report").WithDescription("Write RUN_DIR/report.html: the figures and tables of every measure analyze ran.");
        config.AddCommand<CacheCommand>("cache")
            .WithDescription("Run a model on tokens and write its logits, hook activations and (with --grads) the loss and parameter gradients to a safetensors file.")
            .WithExample("cache", "--model", "runs/grok-113", "--tokens", "\"1 2 113; 5 7 113\"", "--out", "acts.safetensors", "--names", "pattern|mlp");
        config.AddCommand<ImportCommand>("import")
            .WithDescription("Import a PyTorch checkpoint (torch.save of a TransformerLens state dict) as safetensors, without running any pickled code.")
            .WithExample("import", "model.pt", "--config", "config.json", "--out", "model.safetensors")
            .WithExample("import", "checkpoint.pth", "--config", "config.json", "--key", "model", "--out", "model.safetensors");
        config.AddCommand<ExportCommand>("export")
            .WithDescription("Export a run's checkpoint for Python: weights (safetensors) and TransformerLens's config JSON beside them.")
            .WithExample("export", "runs/grok-113", "--step", "20000", "--out", "grok.safetensors");
    }
}
