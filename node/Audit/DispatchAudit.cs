using System.Globalization;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch.DayAhead;
using Consortium.Network.Dispatch;
using Consortium.Node.DispatchEvents;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.GridParty;
using Consortium.Node.Reporting;

namespace Consortium.Node.Audit;

/// <summary>
/// Checks a report's dispatch event against the dispatch ledger: the event was opened for the grid party's signed request
/// (its EIP-712 signature recovers to a grid party registered on chain, for this ledger's domain, and its terms are the ones
/// the ledger recorded) and settled; each operator's allocation and delivery hashes are the ones on chain, and so are the
/// energies it committed and reported; its reported metering hashes to its delivery on chain; its settlement on chain is
/// the one the request's terms give for its allocation and that metering, and within the bounds the ledger enforces (the
/// price times the smaller of its allocated and delivered energy, the penalty times their sum). With the run's stores it also opens each operator's commitment: the salt and
/// setpoints in its store hash to its allocation on chain and add up to the allocated profile the settlement was priced on.
/// Every decline the report lists is on chain with its reason, detail and transaction, and every decline on chain is listed;
/// the totals minted and slashed are the ledger's.
/// </summary>
internal sealed class DispatchAudit(ConsortiumLedger ledger, AuditOutcome outcome)
{
    /// <summary>The terms settlements are recomputed under: those the ledger recorded when it opened the event.</summary>
    private DispatchSettlementRule? _rule;

    /// <summary>Relative bound on the rounding of summed 32-bit setpoints, against the sum of their magnitudes (2⁻²⁴ is one float's).</summary>
    private const double SetpointRounding = 1e-6;

    /// <summary>Runs every check of the event; <paramref name="stores"/> (the run's data directory) adds the commitments' openings.</summary>
    public async Task CheckAsync(DispatchSection dispatch, DemoStores? stores)
    {
        DispatchState state;
        try
        {
            state = await ledger.Dispatch.GetDispatchAsync(dispatch.EventId).ConfigureAwait(false);
        }
        catch (LedgerRevertedException)
        {
            outcome.Mismatch(Subject(dispatch), "the chain has no such dispatch event");
            return;
        }

        CheckRequestOnChain(dispatch, state);
        var terms = await ledger.Dispatch.GetRequestTermsAsync(dispatch.EventId).ConfigureAwait(false);
        _rule = new DispatchSettlementRule(terms.RewardWeiPerKwh, terms.PenaltyWeiPerKwh, terms.ToleranceBps / 10_000.0, terms.ToleranceWh / 1000.0);
        var signed = CheckSignedRequest(dispatch);
        if (signed is not null)
        {
            await CheckGridPartyAsync(dispatch, signed, terms).ConfigureAwait(false);
        }

        CheckOffer(dispatch, signed);
        CheckStatus(dispatch, state);
        CheckParticipation(dispatch, state);
        CheckTotals(dispatch, state);
        await CheckDeclinesAsync(dispatch, state).ConfigureAwait(false);
        CheckSettlementRule(dispatch);
        foreach (var op in dispatch.PerOperator)
        {
            var record = await ledger.Dispatch.GetOperatorDispatchAsync(dispatch.EventId, op.Address).ConfigureAwait(false);
            CheckAllocation(dispatch, op, record);
            var metered = CheckDelivery(dispatch, op, record, state.RequestHash);
            CheckSettlement(dispatch, op, record, metered);
            CheckSettlementBounds(dispatch, op, record);
            StepCommitments steps;
            try
            {
                steps = StepCommitments.Of(await ledger.Dispatch.GetStepCommittedEventsAsync(dispatch.EventId, op.Address).ConfigureAwait(false));
            }
            catch (InvalidDataException e)
            {
                outcome.Mismatch($"{Subject(dispatch)} steps of {op.Name}", e.Message);
                continue;
            }

            if (dispatch.Intraday is not null && steps.Steps != dispatch.Intervals)
            {
                outcome.Mismatch($"{Subject(dispatch)} steps of {op.Name}", $"the event ran intraday over {dispatch.Intervals} steps, the chain holds {steps.Steps} step commitments from {op.Address}");
            }

            if (stores is not null)
            {
                CheckCommitmentOpens(dispatch, op, record, steps, state.RequestHash, stores);
            }
        }
    }

    /// <summary>The subject every finding about the event starts with.</summary>
    public static string Subject(DispatchSection dispatch) => $"dispatch event {dispatch.EventId}";

    /// <summary>The event was opened for the request hash the report names.</summary>
    private void CheckRequestOnChain(DispatchSection dispatch, DispatchState state)
    {
        if (state.RequestHash != dispatch.RequestHash)
        {
            outcome.Mismatch($"{Subject(dispatch)} request", $"the report says {dispatch.RequestHash}, the chain opened it for {state.RequestHash}");
        }
    }

    /// <summary>
    /// The grid party's signed request in the report parses (every field, and the signature recovers to its grid party),
    /// its canonical hash is the reported request hash, and its target is the reported target.
    /// </summary>
    private SignedFlexibilityRequest? CheckSignedRequest(DispatchSection dispatch)
    {
        var subject = $"{Subject(dispatch)} request";
        SignedFlexibilityRequest signed;
        try
        {
            signed = FlexibilityRequestCodec.Parse(dispatch.SignedRequest);
        }
        catch (FlexibilityRequestException e)
        {
            outcome.Mismatch(subject, $"the report's signed request does not parse: {e.Message}");
            return null;
        }

        if (signed.RequestHash != dispatch.RequestHash)
        {
            outcome.Mismatch(subject, $"the signed request hashes to {signed.RequestHash}, the report says {dispatch.RequestHash}");
        }

        if (signed.Signer != dispatch.GridParty || signed.Request.RequestId != dispatch.RequestId)
        {
            outcome.Mismatch(subject, $"the signed request is {signed.Request.RequestId} from {signed.Signer}, the report says {dispatch.RequestId} from {dispatch.GridParty}");
        }

        if (signed.Request.HorizonSteps != dispatch.Intervals || !signed.Request.TargetKw.AsSpan().SequenceEqual(dispatch.TargetKw))
        {
            outcome.Mismatch(subject, "the report's target is not the target of the signed request");
        }

        return signed;
    }

    /// <summary>
    /// The grid party's signature is the one the ledger accepted: the request is for this ledger, its signer is a grid
    /// party registered on chain, and its terms, field by field, are the ones the event was opened with (the ledger's
    /// digest of them is the event's request hash). Settlements are then recomputed under these terms.
    /// </summary>
    private async Task CheckGridPartyAsync(DispatchSection dispatch, SignedFlexibilityRequest signed, FlexibilityTerms terms)
    {
        var subject = $"{Subject(dispatch)} grid party";
        if (signed.Request.Domain.DispatchLedger != ledger.Dispatch.Address)
        {
            outcome.Mismatch(subject, $"the request is signed for dispatch ledger {signed.Request.Domain.DispatchLedger}, the consortium's is {ledger.Dispatch.Address}");
        }

        if (!await ledger.Registry.IsGridPartyAsync(signed.Signer).ConfigureAwait(false))
        {
            outcome.Mismatch(subject, $"{signed.Signer} signed the request but is not a grid party registered in the consortium's registry (now)");
        }

        if (RequestVerification.Difference(terms, signed.Request.Terms()) is { } difference)
        {
            outcome.Mismatch(subject, $"the signed request's {difference.Field} is not the one the event was opened with: {difference.Detail}");
            return;
        }

        var digest = await ledger.Dispatch.GetRequestDigestAsync(terms).ConfigureAwait(false);
        if (digest != signed.RequestHash)
        {
            outcome.Mismatch(subject, $"the ledger's digest of the terms on chain is {digest}, the signed request's {signed.RequestHash}");
        }
    }

    /// <summary>The event was settled.</summary>
    private void CheckStatus(DispatchSection dispatch, DispatchState state)
    {
        if (state.Status != DispatchStatus.Settled)
        {
            outcome.Mismatch(Subject(dispatch), $"the chain has it {state.Status}, not settled");
        }
    }

    /// <summary>Every operator that committed an allocation and reported a delivery is one the report lists.</summary>
    private void CheckParticipation(DispatchSection dispatch, DispatchState state)
    {
        if (state.AllocationCount != dispatch.PerOperator.Count || state.DeliveryCount != dispatch.PerOperator.Count)
        {
            outcome.Mismatch(Subject(dispatch), $"the chain counts {state.AllocationCount} allocations and {state.DeliveryCount} deliveries, the report lists {dispatch.PerOperator.Count} operators");
        }
    }

    /// <summary>The tokens the report says the settlement minted and slashed are the totals the ledger holds.</summary>
    private void CheckTotals(DispatchSection dispatch, DispatchState state)
    {
        if (dispatch.TotalRewardsWei != state.TotalRewards || dispatch.TotalPenaltiesWei != state.TotalPenalties)
        {
            outcome.Mismatch(
                $"{Subject(dispatch)} totals",
                $"the report says {dispatch.TotalRewardsWei} minted and {dispatch.TotalPenaltiesWei} slashed, the chain holds {state.TotalRewards} and {state.TotalPenalties}");
        }
    }

    /// <summary>
    /// Each decline the report lists is the operator's own on chain (its reason in the ledger's record, its detail and transaction in its
    /// <c>DispatchDeclined</c> log); and every operator that declined the event on chain is listed.
    /// </summary>
    private async Task CheckDeclinesAsync(DispatchSection dispatch, DispatchState state)
    {
        var logs = await ledger.Dispatch.GetDispatchDeclinedEventsAsync(dispatch.EventId, fromBlock: state.OpenedAtBlock).ConfigureAwait(false);
        var listed = new HashSet<ChainAddress>();
        foreach (var decline in dispatch.Declined)
        {
            var subject = $"{Subject(dispatch)} decline of {decline.Name}";
            var address = decline.Address;
            listed.Add(address);
            var record = await ledger.Dispatch.GetOperatorDispatchAsync(dispatch.EventId, address).ConfigureAwait(false);
            if (!record.Declined)
            {
                outcome.Mismatch(subject, $"the report says {address} declined ({decline.Reason}), the chain holds no decline from it");
                continue;
            }

            if (record.DeclineReason != decline.Reason)
            {
                outcome.Mismatch(subject, $"the report gives the reason {decline.Reason}, the chain holds {record.DeclineReason}");
            }

            var log = logs.FirstOrDefault(l => l.Operator == address);
            if (log is null)
            {
                outcome.Mismatch(subject, $"the ledger records a decline from {address} but emitted no DispatchDeclined log for it");
                continue;
            }

            if (log.TxHash != decline.DeclineTxHash)
            {
                outcome.Mismatch(subject, $"the report says it declined in {decline.DeclineTxHash}, the chain's decline is in {log.TxHash}");
            }

            if (log.Detail != decline.Detail)
            {
                outcome.Mismatch(subject, $"the report gives the detail '{decline.Detail}', the operator declined on chain with '{log.Detail}'");
            }
        }

        foreach (var log in logs.Where(l => !listed.Contains(l.Operator)))
        {
            outcome.Mismatch(
                $"{Subject(dispatch)} declines",
                $"{log.Operator} declined the event on chain ({log.Reason}: {log.Detail}) in {log.TxHash}, the report does not list it");
        }
    }

    /// <summary>The report states the signed request's settlement terms, the ones every settlement is recomputed under.</summary>
    private void CheckSettlementRule(DispatchSection dispatch)
    {
        if (_rule is not { } rule)
        {
            outcome.Unverified($"{Subject(dispatch)} settlement rule", "no verified signed request gives the terms to recompute settlements under");
            return;
        }

        var reported = $"{dispatch.RewardWeiPerKwh} wei per kWh tracked, {dispatch.PenaltyWeiPerKwh} wei per kWh beyond {dispatch.RelativeTolerance.ToString(CultureInfo.InvariantCulture)} of the allocation (at least {dispatch.AbsoluteToleranceKwh.ToString(CultureInfo.InvariantCulture)} kWh)";
        if (new DispatchSettlementRule(dispatch.RewardWeiPerKwh, dispatch.PenaltyWeiPerKwh, dispatch.RelativeTolerance, dispatch.AbsoluteToleranceKwh) != rule)
        {
            outcome.Mismatch(
                $"{Subject(dispatch)} settlement rule",
                $"the report states {reported}, the request's terms on chain are {rule.RewardWeiPerKwh} wei per kWh tracked, {rule.PenaltyWeiPerKwh} wei per kWh beyond {rule.RelativeTolerance.ToString(CultureInfo.InvariantCulture)} of the allocation (at least {rule.AbsoluteToleranceKwh.ToString(CultureInfo.InvariantCulture)} kWh)");
        }
    }

    /// <summary>
    /// The report's check of the request against the consortium's day-ahead offer is what its bands give for the signed
    /// request's target (the bands are the operators' aggregates, as reported; nothing on chain commits to them).
    /// </summary>
    private void CheckOffer(DispatchSection dispatch, SignedFlexibilityRequest? signed)
    {
        if (dispatch.Offer is not { } offer)
        {
            return;
        }

        var subject = $"{Subject(dispatch)} day-ahead offer";
        OfferCheck check;
        try
        {
            var bands = offer.Bands.Select(b => new FlexibilityBand(
                b.Quantile, [.. b.PluggedIn], new double[b.PluggedIn.Count], [.. b.MaxChargeKw], [.. b.MaxDischargeKw], [.. b.MinEnergyKwh], [.. b.MaxEnergyKwh])
            {
                IntervalMinEnergyKwh = b.IntervalMinEnergyKwh is { } least ? [.. least] : null,
                IntervalMaxEnergyKwh = b.IntervalMaxEnergyKwh is { } most ? [.. most] : null,
            });
            check = new FlexibilityForecast(offer.Days, [.. bands]).Check(signed is null ? dispatch.TargetKw : [.. signed.Request.TargetKw], offer.Confidence);
        }
        catch (ArgumentException e)
        {
            outcome.Mismatch(subject, $"the report's offer cannot be checked: {e.Message}");
            return;
        }

        const double tolerance = 1e-6;
        if (check.Within != offer.Within || check.StepsOutside != offer.ShortfallSteps
            || Math.Abs(check.PowerMarginKw - offer.PowerMarginKw) > tolerance * Math.Max(1, Math.Abs(offer.PowerMarginKw))
            || Math.Abs(check.EnergyMarginKwh - offer.EnergyMarginKwh) > tolerance * Math.Max(1, Math.Abs(offer.EnergyMarginKwh)))
        {
            outcome.Mismatch(
                subject,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the report says the request is {(offer.Within ? "within" : "outside")} it (margins {offer.PowerMarginKw:F3} kW, {offer.EnergyMarginKwh:F3} kWh, {offer.ShortfallSteps} steps outside); its bands give {check.Describe()}"));
        }
    }

    /// <summary>The operator's allocation hash is the one it committed on chain.</summary>
    private void CheckAllocation(DispatchSection dispatch, DispatchOperatorSection op, OperatorDispatch record)
    {
        if (record.AllocationHash != op.AllocationHash)
        {
            outcome.Mismatch($"{Subject(dispatch)} allocation of {op.Name}", $"the report says {op.AllocationHash}, the chain holds {record.AllocationHash}");
        }
    }

    /// <summary>
    /// The operator's delivery hash is the one it reported on chain, and its reported metering hashes to it. Returns whether
    /// the metering is the one reported on chain (what its settlement may be recomputed from).
    /// </summary>
    private bool CheckDelivery(DispatchSection dispatch, DispatchOperatorSection op, OperatorDispatch record, Hash32 requestHash)
    {
        var subject = $"{Subject(dispatch)} delivery of {op.Name}";
        if (record.DeliveryHash != op.DeliveryHash)
        {
            outcome.Mismatch(subject, $"the report says {op.DeliveryHash}, the chain holds {record.DeliveryHash}");
        }

        if (DispatchDigest.Delivery(dispatch.EventId, requestHash, op.MeteredKwhPerStep) != record.DeliveryHash)
        {
            outcome.Mismatch(subject, $"the reported metered values do not hash to the delivery {record.DeliveryHash} on chain");
            return false;
        }

        return true;
    }

    /// <summary>
    /// The settlement on chain is the reported one, and the request's terms on chain give it (with the reported reward and
    /// penalty) for the operator's allocation and its metering, once the metering is known to be the one on chain.
    /// </summary>
    private void CheckSettlement(DispatchSection dispatch, DispatchOperatorSection op, OperatorDispatch record, bool meteringOnChain)
    {
        var subject = $"{Subject(dispatch)} settlement of {op.Name}";
        if (!record.Settled || op.SettlementWei != record.Settlement)
        {
            outcome.Mismatch(subject, $"the report says {op.SettlementWei}, the chain settled {record.Settlement} (settled: {record.Settled})");
        }

        if (!meteringOnChain)
        {
            outcome.Unverified(subject, "the reported metering it would be recomputed from is not the delivery reported on chain");
            return;
        }

        if (op.AllocatedKwPerStep.Length != dispatch.Intervals || op.MeteredKwhPerStep.Length != dispatch.Intervals)
        {
            outcome.Mismatch(subject, $"the report's allocation has {op.AllocatedKwPerStep.Length} steps and its metering {op.MeteredKwhPerStep.Length}, the event {dispatch.Intervals}");
            return;
        }

        if (_rule is not { } rule)
        {
            outcome.Unverified(subject, "no verified signed request gives the terms to recompute it under");
            return;
        }

        var settlement = rule.Bounded(rule.Settle(op.AllocatedKwPerStep, op.MeteredKwhPerStep), record.AllocatedWh, record.DeliveredWh);
        if (settlement.AmountWei != record.Settlement)
        {
            outcome.Mismatch(subject, $"the reported allocation and metering under the request's terms give {settlement.AmountWei}, the chain settled {record.Settlement}");
        }

        if (op.RewardWei != settlement.RewardWei || op.PenaltyWei != settlement.PenaltyWei)
        {
            outcome.Mismatch(subject, $"the request's terms give reward {settlement.RewardWei} and penalty {settlement.PenaltyWei}, the report says {op.RewardWei} and {op.PenaltyWei}");
        }
    }

    /// <summary>
    /// The operator's settlement on chain is within the bounds the ledger enforces: the request's price times the smaller
    /// of the energies the operator committed and reported with its own key, its penalty times their sum.
    /// </summary>
    private void CheckSettlementBounds(DispatchSection dispatch, DispatchOperatorSection op, OperatorDispatch record)
    {
        var subject = $"{Subject(dispatch)} settlement bounds of {op.Name}";
        if (_rule is not { } rule)
        {
            outcome.Unverified(subject, "no verified signed request gives the terms to bound it by");
            return;
        }

        var maxReward = rule.RewardWeiPerKwh * Math.Min(record.AllocatedWh, record.DeliveredWh) / 1000;
        var maxPenalty = rule.PenaltyWeiPerKwh * ((System.Numerics.BigInteger)record.AllocatedWh + record.DeliveredWh) / 1000;
        if (record.Settlement > maxReward || -record.Settlement > maxPenalty)
        {
            outcome.Mismatch(subject, $"the chain settled {record.Settlement}, outside [-{maxPenalty}, {maxReward}] the request's terms allow");
        }
    }

    /// <summary>
    /// Opens the operator's commitment from its own store: the salt and setpoints it kept hash to the allocation on chain,
    /// and add up, step by step, to the allocated profile the report settles it on. Without them the allocation is not verified.
    /// </summary>
    private void CheckCommitmentOpens(DispatchSection dispatch, DispatchOperatorSection op, OperatorDispatch record, StepCommitments steps, Hash32 requestHash, DemoStores stores)
    {
        var subject = $"{Subject(dispatch)} allocation of {op.Name}";
        using var store = stores.OpenOperator(op.Name, out var absence);
        if (store is null)
        {
            outcome.Unverified(subject, absence);
            return;
        }

        var kept = store.GetDispatchEvent(checked((long)dispatch.EventId));
        var setpoints = store.GetDispatchSetpoints(checked((long)dispatch.EventId));
        if (kept is null || setpoints is null)
        {
            outcome.Unverified(subject, $"the store of operator {op.Name} at {store.Path} holds no {(kept is null ? "record" : "setpoints")} of the event, so its commitment cannot be opened");
            return;
        }

        if (kept.Salt.Length != AllocationDigest.SaltLength)
        {
            outcome.Mismatch(subject, $"the salt in its store is {kept.Salt.Length} bytes, a commitment's is {AllocationDigest.SaltLength}");
            return;
        }

        double[] aggregate, magnitude;
        try
        {
            (aggregate, magnitude) = AllocationDigest.SumSteps(setpoints, kept.HorizonSteps, kept.VehicleCount);
        }
        catch (InvalidDataException e)
        {
            outcome.Mismatch(subject, $"the setpoints in its store do not read back as its record describes them: {e.Message}");
            return;
        }

        var opened = AllocationDigest.Hash(kept.Salt, dispatch.EventId, requestHash, kept.HorizonSteps, kept.VehicleCount, setpoints);
        if (opened != record.AllocationHash)
        {
            outcome.Mismatch(subject, $"the salt and setpoints in its store hash to {opened}, the chain holds {record.AllocationHash}");
            return;
        }

        if (steps.Steps > 0)
        {
            // Intraday, each step went on chain as it was set: the same salt and setpoints open the chain of step hashes.
            var chain = AllocationDigest.StepChain(kept.Salt, dispatch.EventId, requestHash, setpoints, Math.Min(steps.Steps, kept.HorizonSteps), kept.VehicleCount);
            if (chain != steps)
            {
                outcome.Mismatch(subject, $"the salt and setpoints in its store chain its {steps.Steps} steps to {chain.Chain}, the chain holds {steps.Chain}");
                return;
            }
        }

        if (aggregate.Length != op.AllocatedKwPerStep.Length)
        {
            outcome.Mismatch(subject, $"its committed setpoints cover {aggregate.Length} steps, the report allocates {op.AllocatedKwPerStep.Length}");
            return;
        }

        for (var t = 0; t < aggregate.Length; t++)
        {
            if (!(Math.Abs(aggregate[t] - op.AllocatedKwPerStep[t]) <= (SetpointRounding * magnitude[t]) + SetpointRounding))
            {
                outcome.Mismatch(
                    subject,
                    string.Create(CultureInfo.InvariantCulture, $"its committed setpoints add up to {aggregate[t]} kW at step {t}, the report allocates {op.AllocatedKwPerStep[t]} kW"));
                return;
            }
        }
    }
}
