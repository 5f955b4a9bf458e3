using System.Globalization;
using System.Security.Cryptography;
using Consortium.Dispatch;
using Consortium.Contracts.Ledger;
using Consortium.Node.DispatchEvents;
using Consortium.Node.GridParty;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary><c>consortium request</c>: a grid party signs a flexibility request (a target power profile) with its own key, for a coordinator to run as a dispatch event.</summary>
public static class RequestVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "request",
        "Sign a flexibility request with this grid party's key: the consortium's aggregate power to follow, per 15-minute step, from a start time; the coordinator runs it with consortium coordinate --dispatch.",
        new Arguments(string.Empty, string.Empty, string.Empty, [], null, 0.001, 0.01, DispatchCosts.Default.DeviationPenaltyPerKwh, null),
        Run)
    {
        { CliOption.RequiredText("--home", "the grid party's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--out", "where to write the signed request", "request.json"), (a, v) => a with { OutPath = v } },
        { CliOption.RequiredText("--consortium", "the consortium's descriptor: the request is signed for its chain and dispatch ledger", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Parsed<IReadOnlyList<double>>("--target-kw", "the target aggregate power per 15-minute step, kW (positive draws from the grid), comma-separated", [], text => Kilowatts(text), "KW,KW,..."), (a, v) => a with { TargetKw = v } },
        { CliOption.Parsed<DateTimeOffset?>("--start", "start of the first step, UTC on a quarter hour [default: the next UTC midnight]", null, text => Start(text), "yyyy-MM-ddTHH:mmZ"), (a, v) => a with { Start = v } },
        { CliOption.Number("--price", "tokens per kWh an operator delivers along its allocation: the most the ledger lets the coordinator pay", 0.001, 0, 1e3, "X"), (a, v) => a with { PricePerKwh = v } },
        { CliOption.Number("--settlement-penalty", "tokens per kWh an operator deviates beyond the tolerance (2 %, at least 0.5 kWh per step): the most the ledger lets the coordinator take", 0.01, 0, 1e3, "X"), (a, v) => a with { SettlementPenaltyPerKwh = v } },
        { CliOption.Number("--penalty", "what each kWh of deviation from the target costs the grid party (the price the dispatch minimises)", DispatchCosts.Default.DeviationPenaltyPerKwh, 1e-6, 1e3, "X"), (a, v) => a with { PenaltyPerKwh = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
    };

    private static List<double> Kilowatts(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var kw)
            ? kw
            : throw new FormatException($"'{part}' is not a number of kW"))];

    private static DateTimeOffset Start(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start)
            ? start
            : throw new FormatException($"'{text}' is not a UTC time such as 2026-12-06T17:00Z");

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.TargetKw.Count == 0)
        {
            throw new UsageException("give the target with --target-kw KW,KW,...");
        }

        var home = NodeHome.Open(arguments.Home);
        if (home.Settings.Role != NodeRole.Grid)
        {
            throw new UsageException($"{home.Settings.Name} is a {home.Settings.Role.ToString().ToLowerInvariant()} node; a flexibility request is signed by a grid party's node");
        }

        var account = home.OpenAccount(NodePassword.Read(arguments.PasswordFile));
        var now = DateTimeOffset.UtcNow;
        var issuedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var start = arguments.Start ?? new DateTimeOffset(issuedAt.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var id = string.Create(CultureInfo.InvariantCulture, $"{home.Settings.Name}-{issuedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        FlexibilityRequest request;
        try
        {
            var descriptor = await ConsortiumAccess.ReadDescriptorAsync(arguments.Consortium, cancellationToken).ConfigureAwait(false);
            var settlement = DispatchSettlementRule.Default with
            {
                RewardWeiPerKwh = TokenAmount.FromTokens((decimal)arguments.PricePerKwh),
                PenaltyWeiPerKwh = TokenAmount.FromTokens((decimal)arguments.SettlementPenaltyPerKwh),
            };
            request = new FlexibilityRequest(id, account.Address, RequestDomain.Of(descriptor), issuedAt, start, arguments.TargetKw, arguments.PenaltyPerKwh, settlement);
        }
        catch (FlexibilityRequestException e)
        {
            throw new UsageException(e.Message);
        }

        var signed = FlexibilityRequestCodec.Sign(request, account);
        await File.WriteAllTextAsync(arguments.OutPath, signed.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Request {request.RequestId}: {request.HorizonSteps} steps from {start:yyyy-MM-dd HH:mm}Z, signed by {account.Address}, hash {signed.RequestHash}");
        output.WriteLine($"Written to {Path.GetFullPath(arguments.OutPath)}");
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">The grid party's home folder.</param>
    /// <param name="OutPath">Where the signed request goes.</param>
    /// <param name="Consortium">The consortium descriptor the request is signed for.</param>
    /// <param name="TargetKw">The target per step.</param>
    /// <param name="Start">The first step's start, or null for the next UTC midnight.</param>
    /// <param name="PricePerKwh">Tokens per kWh delivered along an allocation.</param>
    /// <param name="SettlementPenaltyPerKwh">Tokens per kWh of deviation beyond the tolerance.</param>
    /// <param name="PenaltyPerKwh">Penalty per kWh of deviation.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    public sealed record Arguments(
        string Home, string OutPath, string Consortium, IReadOnlyList<double> TargetKw, DateTimeOffset? Start, double PricePerKwh, double SettlementPenaltyPerKwh, double PenaltyPerKwh, string? PasswordFile);
}
