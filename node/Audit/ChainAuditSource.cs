using System.Globalization;
using Consortium.Contracts;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Dashboard.Audit;
using Consortium.Node.Reporting;
using Consortium.Node.Store;
using DashboardRoundStatus = Consortium.Dashboard.Audit.RoundStatus;

namespace Consortium.Node.Audit;

/// <summary>
/// The auditor's view of the consortium, read from the chain over a read-only connection on every snapshot: the registry's
/// members with their reward balances, every round's opening, commitments, scores, rewards and finalization as the
/// round ledger's events record them, and the wear prices the dispatch ledger's events record. Where a demo report or the coordinator's store is given, each round is also checked
/// against them (<see cref="RoundView.ArtifactsMatch"/>) and shows the report's validation errors.
/// </summary>
public sealed class ChainAuditSource : IAuditSource
{
    private readonly ConsortiumLedger _ledger;

    /// <summary>Binds to the contracts at <see cref="ChainAuditOptions.Addresses"/>; nothing is read until a snapshot is asked for.</summary>
    /// <param name="options">The endpoint, the contracts, and what to compare them with.</param>
    public ChainAuditSource(ChainAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Addresses);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ReadTimeout, TimeSpan.Zero);
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"The RPC endpoint must be an absolute URL, got '{options.RpcUrl}'.", nameof(options));
        }

        Options = options;
        _ledger = new ConsortiumLedger(ChainConnection.ReadOnly(options.RpcUrl), options.Addresses);
    }

    /// <summary>What this source reads and compares.</summary>
    public ChainAuditOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="TimeoutException">The chain did not answer within <see cref="ChainAuditOptions.ReadTimeout"/>.</exception>
    /// <exception cref="LedgerException">The chain could not be read, or holds no consortium contracts at the given addresses.</exception>
    public async Task<AuditSnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        LedgerState state;
        try
        {
            // The contract clients take no cancellation token, so the bound is put on the whole read.
            state = await ReadLedgerAsync().WaitAsync(Options.ReadTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"The chain at {Options.RpcUrl} did not answer within {Options.ReadTimeout.TotalSeconds:0.#} s."),
                timeout);
        }

        var reported = Options.Report?.Rounds.Concat(Options.Report.BatteryRounds)
            .GroupBy(section => section.Round)
            .ToDictionary(group => group.Key, group => group.Last())
            ?? [];
        using var store = Options.CoordinatorStorePath is { } path && File.Exists(path) ? NodeStore.OpenReadOnly(path) : null;
        var rounds = state.Rounds
            .Select(round => ToView(round, reported.GetValueOrDefault(checked((long)round.Opened.RoundId)), store))
            .ToList();

        var chain = new ChainInfo(
            Options.RpcUrl,
            state.ChainId,
            Options.Addresses.Registry.ToString(),
            Options.Addresses.Rounds.ToString(),
            Options.Addresses.Token.ToString(),
            state.LatestBlock);
        var finalizedModels = state.Rounds.Where(r => r.Finalized is not null).ToDictionary(r => r.Opened.RoundId, r => r.Finalized!.NewModelHash);
        return new AuditSnapshot(chain, state.Members, rounds, DateTimeOffset.UtcNow)
        {
            WearPublications = [.. state.Wear.Select((published, i) => new WearPublicationView(
                published.RoundId,
                published.ModelHash.ToString(),
                published.AssumptionsHash.ToString(),
                [.. published.Prices.Select(p => new WearPriceView(p.Chemistry, p.WeiPerKwh))],
                published.TxHash.ToString(),
                published.BlockNumber)
            {
                // Publications only move forward on the ledger: the last one is in force.
                InForce = i == state.Wear.Count - 1,
                ModelMatchesRound = finalizedModels.TryGetValue(published.RoundId, out var model) ? model == published.ModelHash : null,
            })],
        };
    }

    private static RoundView ToView(RoundHistory round, RoundSection? reported, NodeStore? store) => new()
    {
        RoundId = round.Opened.RoundId,
        OpenedModelHash = round.Opened.GlobalModelHash.ToString(),
        FinalizedModelHash = round.Finalized?.NewModelHash.ToString(),
        Status = round.Finalized is null ? DashboardRoundStatus.Open : DashboardRoundStatus.Finalized,
        Task = round.Opened.Task == FederatedTask.BatteryHealth ? "battery health" : "load forecast",
        Commits = round.Commits
            .Select(commit => new CommitView(commit.Member.ToString(), commit.UpdateHash.ToString(), commit.TxHash.ToString(), commit.BlockNumber))
            .ToList(),
        // Scores reach the chain as the root of the reward tree; each claim proves one leaf against it.
        Scores = round.Claims
            .Select(claim => new ScoreView(claim.Member.ToString(), (double)claim.Score / ContributionScore.Scale, claim.Reward))
            .ToList(),
        FinalizeTxHash = round.Finalized?.TxHash.ToString(),

        // The contract clients expose no transaction receipts to read a past transaction's gas from, and the report only
        // records the gas of the opening and the finalization together, so the finalization's own gas stays unknown.
        GasUsed = null,
        // The error columns and chart are the load forecast's, in kW; a battery round's errors are points of state of health.
        FederatedRmse = round.Opened.Task == FederatedTask.LoadForecast ? Finite(reported?.Validation.FederatedRmse) : null,
        SeasonalNaiveRmse = round.Opened.Task == FederatedTask.LoadForecast ? Finite(reported?.Validation.SeasonalNaiveRmse) : null,
        ArtifactsMatch = RoundArtifactCheck.Compare(round, reported, store),
    };

    /// <summary>A report states no error for a round it did not validate (zero) or could not (NaN).</summary>
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) && v > 0 ? v : null;

    private async Task<LedgerState> ReadLedgerAsync()
    {
        var connection = _ledger.Connection;
        if (!await _ledger.IsDeployedAsync().ConfigureAwait(false))
        {
            throw new LedgerException(
                $"{Options.RpcUrl} has no consortium contracts at registry {Options.Addresses.Registry}, rounds {Options.Addresses.Rounds}, " +
                $"token {Options.Addresses.Token}: a different chain, or one restarted since they were deployed.");
        }

        // Read the block number first: every event read after it includes at least the blocks up to it.
        var latestBlock = await connection.GetBlockNumberAsync().ConfigureAwait(false);
        var chainId = connection.GetChainIdAsync();
        var members = ReadMembersAsync();
        var opened = _ledger.Rounds.GetRoundOpenedEventsAsync();
        var commits = _ledger.Rounds.GetUpdateCommittedEventsAsync();
        var claims = _ledger.Rounds.GetRewardClaimedEventsAsync();
        var excluded = _ledger.Rounds.GetMembersExcludedEventsAsync();
        var finalized = _ledger.Rounds.GetRoundFinalizedEventsAsync();
        var wear = _ledger.Dispatch.GetWearPricesPublishedEventsAsync();
        await Task.WhenAll(chainId, members, opened, commits, claims, excluded, finalized, wear).ConfigureAwait(false);

        var commitsByRound = (await commits.ConfigureAwait(false)).ToLookup(e => e.RoundId);
        var claimsByRound = (await claims.ConfigureAwait(false)).ToLookup(e => e.RoundId);
        var excludedByRound = (await excluded.ConfigureAwait(false)).ToDictionary(e => e.RoundId);
        var finalizedByRound = (await finalized.ConfigureAwait(false)).ToDictionary(e => e.RoundId);
        var rounds = (await opened.ConfigureAwait(false))
            .OrderBy(e => e.RoundId)
            .Select(e => new RoundHistory(
                e,
                commitsByRound[e.RoundId].ToList(),
                finalizedByRound.GetValueOrDefault(e.RoundId),
                excludedByRound.GetValueOrDefault(e.RoundId)?.Exclusions ?? [],
                claimsByRound[e.RoundId].ToList()))
            .ToList();
        return new LedgerState(
            checked((ulong)await chainId.ConfigureAwait(false)),
            latestBlock,
            await members.ConfigureAwait(false),
            rounds,
            [.. (await wear.ConfigureAwait(false)).OrderBy(e => e.BlockNumber)]);
    }

    /// <summary>
    /// Every account ever registered, in registration order: current members with the name the registry holds now,
    /// removed ones with the name they were registered under, each with its reward-token balance.
    /// </summary>
    private async Task<IReadOnlyList<MemberView>> ReadMembersAsync()
    {
        var registeredEvents = _ledger.Registry.GetMemberRegisteredEventsAsync();
        var currentMembers = _ledger.Registry.GetMembersAsync();
        await Task.WhenAll(registeredEvents, currentMembers).ConfigureAwait(false);

        var current = (await currentMembers.ConfigureAwait(false)).ToHashSet();
        var everRegistered = new List<ChainAddress>();
        var registeredNames = new Dictionary<ChainAddress, string>();
        foreach (var registration in await registeredEvents.ConfigureAwait(false))
        {
            if (registeredNames.TryAdd(registration.Member, registration.Name))
            {
                everRegistered.Add(registration.Member);
            }
            else
            {
                registeredNames[registration.Member] = registration.Name;
            }
        }

        everRegistered.AddRange(current.Where(member => !registeredNames.ContainsKey(member)));
        return await Task.WhenAll(everRegistered.Select(async member =>
        {
            var isCurrent = current.Contains(member);
            var name = isCurrent ? _ledger.Registry.GetMemberNameAsync(member) : Task.FromResult(registeredNames[member]);
            var balance = _ledger.Token.BalanceOfAsync(member);
            await Task.WhenAll(name, balance).ConfigureAwait(false);
            return new MemberView(await name.ConfigureAwait(false), member.ToString(), await balance.ConfigureAwait(false), isCurrent);
        })).ConfigureAwait(false);
    }

    /// <summary>What one snapshot read from the chain.</summary>
    private sealed record LedgerState(
        ulong ChainId, ulong LatestBlock, IReadOnlyList<MemberView> Members, IReadOnlyList<RoundHistory> Rounds, IReadOnlyList<WearPricesPublishedEvent> Wear);
}
