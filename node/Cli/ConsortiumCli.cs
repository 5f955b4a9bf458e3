using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;

namespace Consortium.Node.Cli;

/// <summary>
/// The <c>consortium</c> executable: one System.CommandLine parser over every verb, and the exit codes. Each verb
/// (<see cref="DemoVerb"/>, <see cref="ImportVerb"/>, …) declares its options and turns them into the typed options
/// record of the code it calls; the help (<c>--help</c>, <c>-h</c>) of the executable and of each verb is made from
/// those declarations.
/// </summary>
public static class ConsortiumCli
{
    /// <summary>The exit code of a command line that does not parse or does not make sense.</summary>
    public const int UsageExitCode = 2;

    /// <summary>The exit code after Ctrl+C or SIGTERM stopped a verb that was still working.</summary>
    public const int InterruptedExitCode = 130;

    private const string Description = """
        consortium: a node of a V2G consortium (federated load forecasting recorded on an Ethereum ledger).
        Run 'consortium VERB --help' for a verb's options.

        Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted.
        """;

    private static readonly ParserConfiguration ParserConfiguration = new()
    {
        // Every argument means what it says: '@file' is not read as a response file.
        ResponseFileTokenReplacer = null,
    };

    /// <summary>The executable's command: every verb, with help and version.</summary>
    public static VerbGroup CreateCommand() => new("consortium", Description)
    {
        new HelpOption(),
        new VersionOption(),
        DemoVerb.Create(),
        InitVerb.Create(),
        CardVerb.Create(),
        DeployVerb.Create(),
        JoinVerb.Create(),
        VoteVerb.Create(),
        GridPartyVerb.Create(),
        ProposeVerb.Create(),
        DisputeVerb.Create(),
        RunVerb.Create(),
        RequestVerb.Create(),
        ProbeVerb.Create(),
        LeaveVerb.Create(),
        RotateVerb.Create(),
        CoordinateVerb.Create(),
        TransferVerb.Create(),
        MembersVerb.Create(),
        ImportVerb.Create(),
        AuditVerb.Create(),
        DashboardVerb.Create(),
        ExperimentVerb.Create(),
        BenchVerb.Create(),
        DispatchVerb.Create(),
    };

    /// <summary>Parses a command line (the arguments after the executable's name) without running anything.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args) => CreateCommand().Parse(args, ParserConfiguration);

    /// <summary>Runs the verb the arguments name, writing to the console, and returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs the verb the arguments name and returns the exit code: 0 success, 1 failure, 2 usage error (a parse error
    /// or a <see cref="UsageException"/>), 130 interrupted by Ctrl+C or SIGTERM. Set <c>CONSORTIUM_TRACE=1</c> to see a
    /// failure's stack trace.
    /// </summary>
    /// <param name="args">The arguments after the executable's name.</param>
    /// <param name="output">Where the verb, the help and the version write.</param>
    /// <param name="error">Where errors go.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,

            // Exceptions and Ctrl+C are handled below, with this executable's exit codes and messages.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        if (args.Count == 0)
        {
            await Parse(["--help"]).InvokeAsync(invocation).ConfigureAwait(false);
            return UsageExitCode;
        }

        if (args[0] == "help")
        {
            args = [.. args.Skip(1), "--help"];
        }

        var parsed = Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            ReportParseErrors(args, parsed.UnmatchedTokens, invocation);
            return UsageExitCode;
        }

        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            interrupt.Cancel();
        });
        try
        {
            return await parsed.InvokeAsync(invocation, interrupt.Token).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"consortium: {e.Message}\n{HelpHint(parsed)}").ConfigureAwait(false);
            return UsageExitCode;
        }
        catch (Exception) when (interrupt.IsCancellationRequested)
        {
            await error.WriteLineAsync("consortium: interrupted; every process started was stopped.").ConfigureAwait(false);
            return InterruptedExitCode;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"consortium {args[0]} failed: {e.Message}").ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("CONSORTIUM_TRACE") is "1")
            {
                await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Writes each parse error, System.CommandLine's suggestions for the words it did not recognise (a verb or option
    /// within a few typos of one it knows) and where the help is.
    /// </summary>
    private static void ReportParseErrors(IReadOnlyList<string> args, IReadOnlyList<string> unrecognised, InvocationConfiguration invocation)
    {
        // The value after a mistyped option is no mistake of its own ('--operatrs 3' is one typo, not a stray '3' that
        // looks like '-h'): leave it out, so the report and the suggestions are about the typo alone.
        var unmatched = unrecognised.ToHashSet(StringComparer.Ordinal);
        var words = args.Where((arg, i) => i == 0
                || !(unmatched.Contains(arg) && !arg.StartsWith('-') && unmatched.Contains(args[i - 1]) && args[i - 1].StartsWith('-')))
            .ToList();
        var parsed = Parse(words);
        var error = invocation.Error;
        foreach (var parseError in parsed.Errors)
        {
            error.WriteLine($"consortium: {parseError.Message}");
        }

        if (parsed.Action is ParseErrorAction suggestions)
        {
            suggestions.ShowHelp = false;
            suggestions.ShowTypoCorrections = true;
            parsed.Invoke(new InvocationConfiguration { Output = error, Error = TextWriter.Null });
        }

        error.WriteLine(HelpHint(parsed));
    }

    /// <summary>Where to read the help of the verb a command line names.</summary>
    private static string HelpHint(ParseResult parsed)
    {
        var path = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Insert(0, result.Command.Name);
        }

        return $"Run '{string.Join(' ', path)} --help' for {(parsed.CommandResult.Command.Subcommands.Count > 0 ? "the verbs" : "the options")}.";
    }
}
