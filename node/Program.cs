using Consortium.Node.Cli;

return await ConsortiumCli.RunAsync(args).ConfigureAwait(false);
