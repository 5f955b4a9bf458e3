using System.CommandLine;
using System.CommandLine.Help;
using Consortium.Node.Cli;

namespace Consortium.Node.Tests.Cli;

/// <summary>The executable's parser: help, typos, bad values and exit codes.</summary>
public sealed class ConsortiumCliTests
{
    /// <summary>Every verb and sub-verb, as typed.</summary>
    public static TheoryData<string> Verbs()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Commands(ConsortiumCli.CreateCommand(), []))
        {
            data.Add(string.Join(' ', path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task EveryVerbHasHelpListingEveryOption(string verb)
    {
        var path = verb.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var help in new[] { "--help", "-h" })
        {
            var run = await CliRun.RunAsync([.. path, help]);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Usage:", run.Output);
            Assert.Contains($"consortium {verb}".TrimEnd(), run.Output);
            foreach (var option in Find(path).Options)
            {
                Assert.Contains(option.Name, run.Output);
            }
        }
    }

    [Fact]
    public void EveryOptionHasADescriptionAndSaysItsDefault()
    {
        foreach (var (path, command) in Commands(ConsortiumCli.CreateCommand(), []))
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"consortium {string.Join(' ', path)} has no description");
            foreach (var option in command.Options.Where(o => o is not HelpOption and not VersionOption))
            {
                var where = $"consortium {string.Join(' ', path)} {option.Name}";
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{where} has no description");
                var saysDefault = option.HasDefaultValue || option.Required || option.ValueType == typeof(bool)
                    || option.Description!.Contains("[default: ", StringComparison.Ordinal);
                Assert.True(saysDefault, $"{where} says neither its default nor that it is required");
            }
        }
    }

    [Fact]
    public async Task TheExecutablesHelpListsEveryVerbAndTheExitCodes()
    {
        foreach (var args in new[] { new[] { "--help" }, ["-h"], ["help"] })
        {
            var run = await CliRun.RunAsync(args);

            Assert.Equal(0, run.ExitCode);
            foreach (var verb in new[] { "demo", "init", "card", "deploy", "join", "vote", "members", "import", "run", "coordinate", "audit", "dashboard", "experiment", "bench", "dispatch" })
            {
                Assert.Contains($"  {verb} ", run.Output);
            }

            Assert.Contains("Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted.", run.Output);
        }
    }

    [Fact]
    public async Task NoArgumentsShowTheHelpWithTheUsageExitCode()
    {
        var run = await CliRun.RunAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Commands:", run.Output);
    }

    [Fact]
    public async Task HelpNamesAVerbsDefaultsAsTheyAreTyped()
    {
        var run = await CliRun.RunAsync("help", "dispatch", "simulate");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--operators <N>", run.Output);
        Assert.Contains("[default: 10]", run.Output);
        Assert.Contains("--fleets <sessions|synthetic>", run.Output);
        Assert.Contains("[default: sessions]", run.Output);
    }

    [Fact]
    public async Task PublishingWearWithoutTheBatteryTaskIsAUsageError()
    {
        var run = await CliRun.RunAsync("coordinate", "--home", "h", "--consortium", "c.json", "--publish-wear");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--publish-wear prices wear from the battery-health model: it needs --task battery", run.Error);
    }

    [Theory]
    [InlineData("--operatrs", "--operators")]
    [InlineData("--dispatch-evz", "--dispatch-evs")]
    [InlineData("--sample-fractoin", "--sample-fraction")]
    public async Task ATypoedOptionGetsASuggestionAndTheUsageExitCode(string typo, string meant)
    {
        var run = await CliRun.RunAsync("demo", typo, "3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Unrecognized command or argument '{typo}'", run.Error);
        Assert.Contains($"'{typo}' was not matched. Did you mean one of the following?", run.Error);
        Assert.Contains(meant + Environment.NewLine, run.Error);

        // The typo's value is not a second mistake, nor is '-h' suggested for it.
        Assert.DoesNotContain("'3'", run.Error);
        Assert.DoesNotContain("-h" + Environment.NewLine, run.Error);
        Assert.Contains("Run 'consortium demo --help' for the options.", run.Error);
    }

    [Theory]
    [InlineData("demmo", "demo")]
    [InlineData("dispatc", "dispatch")]
    [InlineData("dispatch simulat", "simulate")]
    [InlineData("bench agregation", "aggregation")]
    public async Task ATypoedVerbGetsASuggestionAndTheUsageExitCode(string typed, string meant)
    {
        var run = await CliRun.RunAsync(typed.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Did you mean one of the following?", run.Error);
        Assert.Contains(meant + Environment.NewLine, run.Error);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("41")]
    [InlineData("three")]
    public async Task AnOutOfRangeOrNonNumericValueNamesTheOption(string value)
    {
        var run = await CliRun.RunAsync("demo", "--operators", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"option --operators must be a whole number from 2 to 40, got '{value}'", run.Error);
    }

    [Theory]
    [InlineData("demo", "--rpc", "127.0.0.1:8545", "option --rpc must be an absolute URL")]
    [InlineData("audit verify --report r.json", "--rpc", "localhost", "option --rpc must be an absolute URL")]
    [InlineData("dispatch simulate", "--grid-party", "0x12", "option --grid-party must be a 0x-prefixed 20-byte address, got '0x12'")]
    [InlineData("dispatch simulate", "--evs", "many", "option --evs must be a count")]
    [InlineData("dispatch simulate", "--fleets", "imaginary", "option --fleets must be sessions or synthetic, got 'imaginary'")]
    [InlineData("dispatch simulate", "--chemistry-mix", "LMO=1", "option --chemistry-mix: 'LMO' is not a chemistry of the battery data")]
    [InlineData("dispatch simulate", "--chemistry-mix", "LFP=0.4,NCM=0.5", "option --chemistry-mix: The chemistry shares add up to 0.9, not 1.")]
    [InlineData("dispatch simulate", "--wear-prices", "no-such-file.json", "--wear-prices must be uniform, measured or a wear-prices file; 'no-such-file.json' is none of these")]
    [InlineData("bench aggregation", "--parameters", "1M,2G", "option --parameters takes counts from 1 to 500,000,000")]
    [InlineData("demo", "--gas-price", "cheap", "option --gas-price: 'cheap' is not eip1559, legacy or a price in wei")]
    [InlineData("demo", "--chain-id", "0", "option --chain-id: '0' is not a positive whole number")]
    [InlineData("demo", "--aggregator", "krum", "option --aggregator: 'krum' is not an aggregator")]
    [InlineData("demo", "--sample-fraction", "1.5", "option --sample-fraction must be a number from 0.01 to 1, got '1.5'")]
    [InlineData("demo", "--reward-rule", "lottery", "option --reward-rule must be served or pooled, got 'lottery'")]
    [InlineData("demo", "--reward-floor", "1.2", "option --reward-floor must be a number from 0 to 1, got '1.2'")]
    [InlineData("coordinate --home h --consortium c.json", "--reward-floor", "-0.1", "option --reward-floor must be a number from 0 to 1, got '-0.1'")]
    public async Task AMalformedValueNamesTheOption(string verb, string option, string value, string message)
    {
        var run = await CliRun.RunAsync([.. verb.Split(' '), option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public async Task AnOptionWithoutItsValueIsAUsageError()
    {
        var run = await CliRun.RunAsync("demo", "--rpc");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rpc", run.Error);
    }

    [Fact]
    public async Task ARequiredOptionLeftOutIsNamed()
    {
        var run = await CliRun.RunAsync("dispatch", "request", "--evs", "100");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'--out' is required", run.Error);
    }

    [Theory]
    [InlineData("dispatch", "simulate, request or wear-prices")]
    [InlineData("audit", "verify")]
    [InlineData("bench", "aggregation")]
    public async Task AVerbGroupWithoutItsSubVerbSaysWhichThereAre(string verb, string subVerbs)
    {
        var run = await CliRun.RunAsync(verb);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"consortium: {verb} needs what to do: {subVerbs}", run.Error);
        Assert.Contains($"Run 'consortium {verb} --help' for the verbs.", run.Error);
    }

    [Fact]
    public async Task UnknownVerbsAndBadValuesExitWithTheUsageCode()
    {
        Assert.Equal(2, await ConsortiumCli.RunAsync(["frobnicate"]));
        Assert.Equal(2, await ConsortiumCli.RunAsync(["demo", "--operators", "1"]));
        Assert.Equal(2, await ConsortiumCli.RunAsync(["demo", "--dispatch-evs", "0"]));
        Assert.Equal(2, await ConsortiumCli.RunAsync(["demo", "stray"]));
    }

    [Fact]
    public async Task AFailureIsExitCodeOneNamingTheVerbWithoutAStackTrace()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"consortium-missing-{Guid.NewGuid():N}.json");

        var run = await CliRun.RunAsync("audit", "verify", "--report", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("consortium audit failed: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error);
    }

    private static Command Find(IReadOnlyList<string> path)
    {
        Command command = ConsortiumCli.CreateCommand();
        foreach (var name in path)
        {
            command = command.Subcommands.Single(c => c.Name == name);
        }

        return command;
    }

    private static IEnumerable<(IReadOnlyList<string> Path, Command Command)> Commands(Command command, IReadOnlyList<string> path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands)
        {
            foreach (var found in Commands(sub, [.. path, sub.Name]))
            {
                yield return found;
            }
        }
    }
}
