using System.ComponentModel;
using AlgoLens.IO;
using AlgoLens.IO.Torch;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens import FILE.pt --config CONFIG --out FILE.safetensors</c>: a thin layer over <see cref="TorchImport"/>.</summary>
internal sealed class ImportCommand : Command<ImportCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A PyTorch checkpoint (.pt, .pth) written by torch.save: a state dict with TransformerLens's names, or a dict holding one.")]
        public string File { get; init; } = "";

        [CommandOption("--config <FILE>")]
        [Description("The model config JSON (TransformerLens's field names); the weights are checked against it.")]
        public string Config { get; init; } = "";

        [CommandOption("--out <FILE>")]
        [Description("The safetensors file to write (weights and config), loadable with cache --model.")]
        public string Out { get; init; } = "";

        [CommandOption("--key <KEY>")]
        [Description("The entry holding the state dict in a nested checkpoint (e.g. model); found automatically when only one entry holds tensors.")]
        public string? Key { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Config) || string.IsNullOrWhiteSpace(Out)
                ? ValidationResult.Error("--config and --out are required: import FILE.pt --config CONFIG.json --out FILE.safetensors.")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            AlgoLens.Training.RunFileGuard.RefuseRunFile(settings.Out, "--out");
            if (Path.GetFullPath(settings.Out) == Path.GetFullPath(settings.File) || Path.GetFullPath(settings.Out) == Path.GetFullPath(settings.Config))
            {
                throw new ArgumentException($"--out {settings.Out} is one of the inputs; writing there would destroy it. Choose another --out.");
            }
            var config = ModelSource.ReadConfig(settings.Config);
            var result = TorchImport.Import(settings.File, config, settings.Key);
            ModelFile.Save(result.Model, settings.Out);
            AnsiConsole.MarkupLineInterpolated($"Wrote [green]{settings.Out}[/] ({result.Model.Parameters.Names.Count} parameters from {settings.File}).");
            foreach (string note in result.Notes)
            {
                AnsiConsole.MarkupLineInterpolated($"note: {note}");
            }
        }, settings);
}
