using Consortium.Node.Cli;

namespace Consortium.Node.Tests.Cli;

/// <summary>What one run of the executable's command line printed, and its exit code.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <paramref name="args"/> in this process, capturing what it writes.</summary>
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ConsortiumCli.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
