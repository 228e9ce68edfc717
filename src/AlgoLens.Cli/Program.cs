using AlgoLens.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("algolens");
    config.AddCommand<CacheCommand>("cache")
        .WithDescription("Run a model on tokens and write its logits, hook activations and (with --grads) the loss and parameter gradients to a safetensors file.")
        .WithExample("cache", "--model", "runs/grok-113", "--tokens", "\"1 2 113; 5 7 113\"", "--out", "acts.safetensors", "--names", "pattern|mlp");
});
return app.Run(args);
