using AlgoLens.Cli;

return AlgoLensApp.Run(args);
