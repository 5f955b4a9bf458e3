using System.Numerics;
using Consortium.Contracts.Ledger;
using Consortium.Node.DispatchEvents;
using Consortium.Node.Reporting;

namespace Consortium.Node.Audit;

/// <summary>
/// Checks every claim of a demo report against the chain and, given the run's data directory, against its artifacts. It
/// runs the checks the report's parts share (the chain, the contracts' code, the coordinator, each operator's registry
/// name and token balance, and every member on chain the report does not list), then each round's
/// (<see cref="RoundAudit"/>, and <see cref="RoundRecomputation"/> with the data directory) and the dispatch event's
/// (<see cref="DispatchAudit"/>). Claims contradicted are mismatches; claims it could not check are listed as not verified.
/// </summary>
/// <param name="ledger">The consortium's contracts, read-only is enough.</param>
/// <param name="report">The report whose claims are checked.</param>
/// <param name="dataDir">The run's data directory (the coordinator's and the operators' stores), or <see langword="null"/> to check against the chain only.</param>
/// <param name="progress">Where each part says what it checked.</param>
public sealed class ReportAudit(ConsortiumLedger ledger, DemoReport report, string? dataDir, TextWriter progress)
{
    /// <summary>Runs every check and returns what it found: nothing when every claim was verified.</summary>
    public async Task<AuditOutcome> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(progress);
        var outcome = new AuditOutcome();
        if (!await CheckChainAsync(outcome).ConfigureAwait(false))
        {
            outcome.Unverified("every other claim", "the contracts they would be read from have no code at the report's addresses");
            return outcome;
        }

        await CheckCoordinatorAsync(outcome).ConfigureAwait(false);
        await CheckOperatorsAsync(outcome).ConfigureAwait(false);
        await CheckUnlistedMembersAsync(outcome).ConfigureAwait(false);
        await CheckAutomakersAsync(outcome).ConfigureAwait(false);
        progress.WriteLine($"{report.Operators.Count} operators{(report.Automakers.Count > 0 ? $" and {report.Automakers.Count} automakers" : string.Empty)}: registry names and token balances checked.");

        var rounds = new RoundAudit(ledger, outcome);
        foreach (var round in report.Rounds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await rounds.CheckAsync(round).ConfigureAwait(false);
        }

        foreach (var round in report.BatteryRounds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await rounds.CheckAsync(round).ConfigureAwait(false);
        }

        progress.WriteLine($"{report.Rounds.Count} forecast rounds{(report.BatteryRounds.Count > 0 ? $" and {report.BatteryRounds.Count} battery-health rounds" : string.Empty)}: tasks, model and update hashes, score tables, Merkle proofs, claims and exclusions' slashes checked.");
        if (report.Wear is { } wear)
        {
            await new WearAudit(ledger, outcome).CheckAsync(wear, report.Dispatch).ConfigureAwait(false);
            progress.WriteLine($"Wear prices of battery round {wear.Round}: published with its finalized model and the assumptions' hash, {wear.Prices.Count} prices recomputed from the assumptions{(report.Dispatch is null ? string.Empty : ", the dispatch event opened on them")}.");
        }

        var stores = dataDir is null ? null : new DemoStores(dataDir);
        if (report.Dispatch is { } dispatch)
        {
            await new DispatchAudit(ledger, outcome).CheckAsync(dispatch, stores).ConfigureAwait(false);
            progress.WriteLine($"Dispatch event {dispatch.EventId}: request (EIP-712 signature of grid party {dispatch.GridParty} recovered, registered on chain, its terms the ones the event was opened with), {dispatch.PerOperator.Count} allocations{(stores is null ? string.Empty : " (opened from the operators' stores)")}, deliveries (recomputed from the metered values), settlements (recomputed under the request's terms and within the ledger's bounds) and {dispatch.Declined.Count} declines checked.");
        }

        if (stores is not null)
        {
            using var recomputation = new RoundRecomputation(report, stores, outcome);
            foreach (var round in report.Rounds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await recomputation.CheckAsync(round, cancellationToken).ConfigureAwait(false);
            }

            // The battery rounds replay apart: a strategy's server state follows one task's models.
            using var batteryRecomputation = new RoundRecomputation(report, stores, outcome);
            foreach (var round in report.BatteryRounds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await batteryRecomputation.CheckAsync(round, cancellationToken).ConfigureAwait(false);
            }

            progress.WriteLine($"Artifacts in {stores.DataDir}: model hashes and aggregates recomputed, scores recomputed from the members' stores.");
        }

        return outcome;
    }

    /// <summary>The chain is the one the report names, and every contract has code; <see langword="false"/> when one has none.</summary>
    private async Task<bool> CheckChainAsync(AuditOutcome outcome)
    {
        var chainId = await ledger.Connection.GetChainIdAsync().ConfigureAwait(false);
        if (chainId != report.Chain.ChainId)
        {
            outcome.Mismatch("chain id", $"the report says {report.Chain.ChainId}, the chain at {ledger.Connection.RpcUrl} is {chainId}");
        }

        var deployed = true;
        foreach (var (name, address) in new[]
        {
            ("registry", ledger.Addresses.Registry), ("rounds", ledger.Addresses.Rounds),
            ("token", ledger.Addresses.Token), ("dispatch", ledger.Addresses.Dispatch),
        })
        {
            if (!await ledger.Connection.HasCodeAsync(address).ConfigureAwait(false))
            {
                outcome.Mismatch($"{name} contract", $"no code at {address}");
                deployed = false;
            }
        }

        progress.WriteLine($"Chain {chainId} at {ledger.Connection.RpcUrl}: contract code checked.");
        return deployed;
    }

    /// <summary>The coordinator the report names is the registry's.</summary>
    private async Task CheckCoordinatorAsync(AuditOutcome outcome)
    {
        var coordinator = await ledger.Registry.GetCoordinatorAsync().ConfigureAwait(false);
        if (report.Chain.Coordinator != coordinator)
        {
            outcome.Mismatch("coordinator", $"the report says {report.Chain.Coordinator}, the registry's coordinator is {coordinator}");
        }
    }

    /// <summary>Each operator's name is the registry's, and its token balance is on chain and adds up.</summary>
    private async Task CheckOperatorsAsync(AuditOutcome outcome)
    {
        foreach (var op in report.Operators)
        {
            var subject = $"operator {op.Name}";
            var address = op.Address;
            var name = await ledger.Registry.GetMemberNameAsync(address).ConfigureAwait(false);
            if (name != op.Name)
            {
                outcome.Mismatch(subject, $"the registry names {address} '{name}'");
            }

            await CheckBalanceAsync(op, address, outcome).ConfigureAwait(false);
        }
    }

    /// <summary>Each automaker's name is the registry's, and its balance is its balance before plus its battery rounds' rewards, as on chain.</summary>
    private async Task CheckAutomakersAsync(AuditOutcome outcome)
    {
        foreach (var automaker in report.Automakers)
        {
            var subject = $"automaker {automaker.Name}";
            var name = await ledger.Registry.GetMemberNameAsync(automaker.Address).ConfigureAwait(false);
            if (name != automaker.Name)
            {
                outcome.Mismatch(subject, $"the registry names {automaker.Address} '{name}'");
            }

            var rewards = report.BatteryRounds.Aggregate(BigInteger.Zero, (sum, round) => sum + round.Rewards.GetValueOrDefault(automaker.Address));
            if (automaker.TokenBalanceAfter != automaker.TokenBalanceBefore + rewards)
            {
                outcome.Mismatch(
                    $"{subject} balance",
                    $"the report's balance after ({automaker.TokenBalanceAfter}) is not its balance before ({automaker.TokenBalanceBefore}) plus its rewards ({rewards})");
            }

            var onChain = await ledger.Token.BalanceOfAsync(automaker.Address).ConfigureAwait(false);
            if (onChain != automaker.TokenBalanceAfter)
            {
                outcome.Mismatch($"{subject} balance", $"the report says {automaker.TokenBalanceAfter} token units, the chain holds {onChain}");
            }
        }
    }

    /// <summary>
    /// The operator's balance after is its balance before plus its round rewards and its dispatch reward (a dispatch penalty
    /// is slashed from its stake, not its balance), and the chain holds it.
    /// </summary>
    private async Task CheckBalanceAsync(OperatorSection op, ChainAddress address, AuditOutcome outcome)
    {
        var subject = $"operator {op.Name} balance";
        var (before, after) = (op.TokenBalanceBefore, op.TokenBalanceAfter);
        var rewards = BigInteger.Zero;
        foreach (var round in report.Rounds)
        {
            rewards += round.Rewards.GetValueOrDefault(op.Address);
        }

        rewards += BigInteger.Max(BigInteger.Zero, report.DispatchSettlement(op.Address));
        if (after != before + rewards)
        {
            outcome.Mismatch(subject, $"the report's balance after ({after}) is not its balance before ({before}) plus its rewards ({rewards})");
        }

        var onChain = await ledger.Token.BalanceOfAsync(address).ConfigureAwait(false);
        if (onChain != after)
        {
            outcome.Mismatch(subject, $"the report says {after} token units, the chain holds {onChain}");
        }
    }

    /// <summary>
    /// Every operator and automaker the registry ever admitted is one of the report's; one that is not was not checked.
    /// (Members of other roles train no models and take no dispatch, so the report claims nothing about them.)
    /// </summary>
    private async Task CheckUnlistedMembersAsync(AuditOutcome outcome)
    {
        var operators = report.Operators.Select(op => op.Address).ToHashSet();
        var automakers = report.Automakers.Select(a => a.Address).ToHashSet();
        var registered = await ledger.Registry.GetMemberRegisteredEventsAsync().ConfigureAwait(false);
        foreach (var registration in registered.DistinctBy(r => r.Member))
        {
            var (listed, kind) = registration.Role switch
            {
                MemberRole.Operator => (operators, "operator"),
                MemberRole.Automaker => (automakers, "automaker"),
                _ => (null, string.Empty),
            };
            if (listed is not null && !listed.Contains(registration.Member))
            {
                outcome.Unverified(
                    $"member {registration.Member} ('{registration.Name}')",
                    $"the registry admitted it as an {kind}, but the report does not list it among its {kind}s, so its name, balance and rewards were not checked");
            }
        }
    }
}
