using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.DayAhead;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Online;
using Consortium.Dispatch.Wear;
using Consortium.Network.Dispatch;
using Consortium.Node.GridParty;

namespace Consortium.Node.DispatchEvents.Runner;

/// <summary>How the coordinator runs a dispatch event.</summary>
public sealed record DispatchEventOptions
{
    /// <summary>Steps of the event (one day of 15-minute steps by default).</summary>
    public int HorizonSteps { get; init; } = FleetGenerator.DaySteps;

    /// <summary>The prices the dispatch minimises (its deviation price is the request's).</summary>
    public DispatchCosts Costs { get; init; } = DispatchCosts.Default;

    /// <summary>
    /// The wear price of each pack chemistry (for instance the book the members published on chain), sent to every
    /// operator with the event's terms: each operator prices each vehicle's discharge at its pack's price. When null,
    /// <see cref="Costs"/>' own <see cref="DispatchCosts.WearPrices"/>, or else its single
    /// <see cref="DispatchCosts.WearCostPerKwh"/> for every chemistry.
    /// </summary>
    public WearPriceBook? WearPrices { get; init; }

    /// <summary>ADMM stopping rules.</summary>
    public DispatchOptions Solver { get; init; } = DispatchOptions.Default;

    /// <summary>Where the peak lies, for the progress lines (the grid party shapes the target itself).</summary>
    public PeakShavingPolicy Target { get; init; } = PeakShavingPolicy.Default;

    /// <summary>
    /// A request the grid party signed itself (<c>coordinate --dispatch REQUEST.json</c>). Null to send the operators'
    /// aggregate survey to <see cref="GridParty"/>, which shapes and signs the request.
    /// </summary>
    public SignedFlexibilityRequest? Request { get; init; }

    /// <summary>
    /// The grid party asked for a request from the survey's aggregate (summed uncontrolled profile and discharge capacity,
    /// kW per step) when no <see cref="Request"/> is given. The coordinator holds no grid key: what comes back is signed
    /// by the grid party, and the ledger opens the event only if the signature is a registered grid party's.
    /// </summary>
    public Func<DayAheadSurvey, DateTimeOffset, SignedFlexibilityRequest>? GridParty { get; init; }

    /// <summary>How long a survey, join, propose, clearing or report call may take.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a commit or deliver call (each a chain transaction) may take.</summary>
    public TimeSpan ChainCallTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>From opening, how long the ledger takes allocations (intraday, after the horizon's last step).</summary>
    public TimeSpan AllocationWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>From opening, how long the ledger takes delivery reports (the horizon plus a day to meter).</summary>
    public TimeSpan DeliveryWindow { get; init; } = TimeSpan.FromDays(2);

    /// <summary>Print the residuals every this many ADMM iterations.</summary>
    public int ProgressEvery { get; init; } = 50;

    /// <summary>
    /// Dispatch the day as it happens (each step re-planned from the vehicles plugged in, over the steps left, and
    /// committed) with these options; null to clear the whole day in advance.
    /// </summary>
    public OnlineOptions? Intraday { get; init; }

    /// <summary>
    /// Intraday, how long one step waits for operators that cannot be reached (a node restarting takes its day up from its
    /// store); 3 minutes by default. See <see cref="StepRecovery"/>.
    /// </summary>
    public TimeSpan StepRecoveryWindow { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Intraday, the pause between attempts at a step whose operators could not be reached; 2 s by default.</summary>
    public TimeSpan StepRecoveryPause { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The confidence at which the grid party's request is checked against the operators' summed day-ahead offer before
    /// the event opens (<see cref="FlexibilityForecast.Check"/>; 0.9 by default): a request outside it is refused, naming
    /// its steps. Null opens the event without the check (the offer is still reported).
    /// </summary>
    public double? OfferConfidence { get; init; } = 0.9;
}

/// <summary>
/// The coordinator's side of one dispatch event over the operator nodes: survey their aggregates, send them to the grid
/// party, which shapes and signs its <see cref="FlexibilityRequest"/> (or take one it signed beforehand), open the event
/// on chain with the request's terms and signature (the ledger checks both), ask every operator to join with the request
/// in full (each checks it against the chain before planning) (an operator with nothing to dispatch declines the event on chain
/// with its own key instead, and sits it out), run <see cref="DispatchCoordinator.CoordinateAsync"/> over
/// <see cref="RemoteFleetOperator"/>s of the operators that joined (ADMM, then the step-by-step clearing), collect each
/// one's report of its allocation, have each commit its allocation and report its delivery with its own key, then settle
/// them on chain. Every hash an operator claims, and every decline, is read back from the chain before it is returned.
/// </summary>
/// <param name="ledger">The dispatch ledger, sending as the consortium's coordinator.</param>
/// <param name="options">How the event is run.</param>
/// <param name="output">Where progress is written.</param>
public sealed class DispatchEventRunner(IDispatchLedger ledger, DispatchEventOptions options, TextWriter output)
{
    /// <summary>Runs one event with every operator and returns what it came to.</summary>
    /// <exception cref="InvalidOperationException">Every operator declined in its survey: there is nothing to dispatch, and no event is opened.</exception>
    /// <exception cref="InvalidDataException">An operator's reply disagrees with itself or with the chain.</exception>
    public async Task<DispatchEventOutcome> RunAsync(IReadOnlyList<DispatchParticipantClient> operators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operators);
        if (operators.Count == 0)
        {
            throw new ArgumentException("A dispatch event needs at least one operator.", nameof(operators));
        }

        var clock = Stopwatch.StartNew();
        var steps = options.Request?.Request.HorizonSteps ?? options.HorizonSteps;
        var stepMinutes = FleetRequest.StepHours * 60;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dispatch: surveying {operators.Count} operator nodes over {steps} steps of {stepMinutes:F0} min..."));
        var offers = await Task.WhenAll(operators.Select(p => p.SurveyAsync(steps, stepMinutes, options.CallTimeout, cancellationToken))).ConfigureAwait(false);
        var uncontrolled = new double[steps];
        var capacity = new double[steps];
        foreach (var offer in offers)
        {
            if (offer.Decline is { } decline)
            {
                output.WriteLine($"  {offer.Name,-16} sits the event out: {decline}");
                continue;
            }

            for (var t = 0; t < steps; t++)
            {
                uncontrolled[t] += offer.UncontrolledKw[t];
                capacity[t] += offer.DischargeCapacityKw[t];
            }
        }

        if (offers.All(offer => offer.Declined))
        {
            throw new InvalidOperationException($"All {offers.Length} operators declined in their surveys ({string.Join("; ", offers.Select(o => $"{o.Name}: {o.Decline}"))}); there is nothing to dispatch.");
        }

        var offered = offers.Where(o => !o.Declined).ToList();
        var consortiumOffer = offered.All(o => o.Flexibility is not null) ? FlexibilityForecast.Sum([.. offered.Select(o => o.Flexibility!)]) : null;
        if (consortiumOffer is not null)
        {
            var bands = consortiumOffer.Bands;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  day-ahead offer of {offered.Count} operators over {consortiumOffer.Days} days each: up to {bands[^1].PluggedIn.Max():F0} vehicles plugged in, charge {bands[0].MaxChargeKw.Max():F0}–{bands[^1].MaxChargeKw.Max():F0} kW and discharge {bands[0].MaxDischargeKw.Max():F0}–{bands[^1].MaxDischargeKw.Max():F0} kW at the peak ({bands[0].Quantile:P0}–{bands[^1].Quantile:P0})"));
        }
        else if (offered.Any(o => o.Flexibility is null))
        {
            output.WriteLine($"  no day-ahead offer from {string.Join(", ", offered.Where(o => o.Flexibility is null).Select(o => o.Name))}: the request is not checked against one");
        }

        var peakBefore = Peak(uncontrolled, options.Target.PeakStartStep, options.Target.PeakEndStep);
        var now = DateTimeOffset.UtcNow;
        var signed = options.Request
            ?? options.GridParty?.Invoke(new DayAheadSurvey(uncontrolled, capacity, consortiumOffer), now)
            ?? throw new InvalidOperationException("The event has neither a signed request nor a grid party to ask for one.");
        var peakTarget = Peak([.. signed.Request.TargetKw], options.Target.PeakStartStep, options.Target.PeakEndStep);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  target: the grid party's request, evening peak {peakBefore:F0} kW uncontrolled ({Peak(capacity, options.Target.PeakStartStep, options.Target.PeakEndStep):F0} kW V2G capacity plugged in), {peakTarget:F0} kW asked"));
        var offerCheck = Check(consortiumOffer, signed);
        var asked = signed.Request.ToTarget(options.Costs);
        var target = asked.TargetKw;
        var costs = asked.Costs with { WearPrices = options.WearPrices ?? asked.Costs.WearPrices };
        var requestHash = signed.RequestHash;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"  request {signed.Request.RequestId} for {signed.Request.Start:yyyy-MM-dd HH:mm}Z, signed by grid party {signed.Signer}, hash {requestHash}"));
        // Intraday the operators commit step by step over the whole day: their allocations are due after its last step.
        var allocationWindow = options.Intraday is null ? options.AllocationWindow : options.AllocationWindow + TimeSpan.FromHours(steps * FleetRequest.StepHours);
        var deliveryWindow = options.DeliveryWindow > allocationWindow ? options.DeliveryWindow : allocationWindow + options.DeliveryWindow;
        var opening = await ledger.OpenDispatchAsync(
            signed.Request.Terms(), Convert.FromHexString(signed.Signature.AsSpan(2)), now + allocationWindow, now + deliveryWindow, cancellationToken).ConfigureAwait(false);
        var eventId = opening.EventId;
        output.WriteLine($"  opened event {eventId} for request {requestHash} in {opening.Transaction.TxHash}");

        // Every operator is asked: one that surveyed as declining records its decline on chain now that the event exists.
        var terms = new DispatchTerms(
            eventId, requestHash, steps, stepMinutes, costs.WearCostPerKwh, costs.DeviationPenaltyPerKwh, costs.ShortfallPenaltyPerKwh, signed.ToJson(), costs.WearPrices);
        var rule = signed.Request.Settlement;
        var joins = await Task.WhenAll(operators.Select(p => p.JoinAsync(terms, options.CallTimeout, cancellationToken))).ConfigureAwait(false);
        var declines = new List<DeclinedOperator>();
        var taking = new List<int>();
        for (var i = 0; i < operators.Count; i++)
        {
            if (joins[i].Address != offers[i].Address)
            {
                throw new InvalidDataException($"Operator at {operators[i].Endpoint} surveyed as {offers[i].Address} but joined as {joins[i].Address}.");
            }

            if (joins[i].Decline is { } recorded)
            {
                declines.Add(await DeclineOnChainAsync(eventId, opening.Transaction.BlockNumber, joins[i], recorded, offers[i].Declined).ConfigureAwait(false));
                output.WriteLine($"  {joins[i].Name,-16} declined event {eventId} ({recorded.Decline}) in {recorded.TxHash}");
            }
            else if (offers[i].Declined)
            {
                throw new InvalidDataException($"{joins[i].Name} declined in its survey ({offers[i].Decline}) but joined event {eventId}.");
            }
            else
            {
                taking.Add(i);
            }
        }

        var participants = taking.Select(i => operators[i]).ToArray();
        var names = taking.Select(i => joins[i].Name).ToArray();
        var addresses = taking.Select(i => joins[i].Address).ToArray();
        var n = participants.Length;
        var fleets = participants.Select((p, k) => new RemoteFleetOperator(names[k], p, eventId, steps, options.CallTimeout)).ToArray();
        CoordinatedDispatch? outcome = null;
        IntradayOutcome? intraday = null;
        var aggregate = new double[steps];
        var operatorKw = participants.Select(_ => new double[steps]).ToArray();
        var plan = target;
        if (n > 0 && options.Intraday is { } online)
        {
            // The day as it happens: each step every operator re-plans from the vehicles plugged in now and the arrivals it
            // forecasts, the consortium prices the rest of the day, and each operator commits the step.
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  intraday: {steps} steps, each re-planned by prices over the steps left ({online.DeviationTiers} deviation tiers of {online.DeviationTierKw(target):F1} kW) and committed"));
            var solve = Stopwatch.StartNew();
            var run = await RecedingHorizon.RunAsync(
                fleets, target, costs, online, new StepProgress(output, fleets, steps), cancellationToken, new StepRecovery(output, options.StepRecoveryWindow, options.StepRecoveryPause)).ConfigureAwait(false);
            aggregate = [.. run.CommittedKw];
            operatorKw = [.. run.OperatorKw];
            // Each operator committed every step's setpoints on chain with its own key as it set them; what that cost it is
            // read from the receipts.
            var stepLogGas = new ulong[n];
            for (var i = 0; i < n; i++)
            {
                var logs = await ledger.GetStepCommittedEventsAsync(eventId, addresses[i], opening.Transaction.BlockNumber).ConfigureAwait(false);
                var onChain = StepCommitments.Of(logs);
                if (onChain.Steps != steps)
                {
                    throw new InvalidDataException($"{names[i]} committed {onChain.Steps} of the {steps} steps on chain.");
                }

                foreach (var transaction in logs.Select(l => l.TxHash).Distinct())
                {
                    stepLogGas[i] += await ledger.GetGasUsedAsync(transaction).ConfigureAwait(false);
                }
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  every operator logged each of the {steps} steps' setpoint hash on chain as it set it, in order (gas: {string.Join(", ", names.Select((name, i) => $"{name} {stepLogGas[i]:N0}"))})"));
            intraday = new IntradayOutcome(
                steps,
                run.ReplanSeconds.Average(),
                run.ReplanSeconds.Max(),
                Enumerable.Range(0, steps).Max(k => fleets.Sum(f => f.PluggedIn[k])),
                solve.Elapsed.TotalSeconds,
                stepLogGas);
        }
        else if (n > 0)
        {
            outcome = await DispatchCoordinator.CoordinateAsync(
                fleets, target, costs, options.Solver, new PrintedProgress(output, options.ProgressEvery), cancellationToken).ConfigureAwait(false);
            aggregate = outcome.AggregateKw;
            operatorKw = outcome.OperatorKw;
            plan = outcome.PlanKw;
        }

        var reports = await Task.WhenAll(fleets.Select(o => o.ReportAsync(cancellationToken))).ConfigureAwait(false);
        var (trackingError, maxDeviation) = Tracking(aggregate, target);
        var planAdjusted = PlanAdjustedSteps(plan, target);
        output.WriteLine(
            n == 0 ? $"  every operator declined event {eventId}: nothing was coordinated"
            : intraday is { } day ? string.Create(
                CultureInfo.InvariantCulture,
                $"  dispatched {n} operators intraday over gRPC: {day.Steps} steps re-planned and committed, re-plans {day.MeanReplanSeconds:F2} s on average, {day.MaxReplanSeconds:F2} s at most, up to {day.MaxPluggedIn} vehicles plugged in; {day.Seconds:F2} s; tracking error {trackingError:P2}, max deviation {maxDeviation:F1} kW")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"  coordinated {n} operators over gRPC: {outcome!.Iterations} ADMM iterations ({(outcome.Converged ? "converged" : "not converged")}), plan short of the target at {planAdjusted} steps, cleared over {steps} steps; {outcome.Seconds:F2} s; tracking error {trackingError:P2}, max deviation {maxDeviation:F1} kW"));

        if (outcome?.Pricing is { } pricing)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  exact stage: {pricing.Iterations} prices ({pricing.Stop}) in {pricing.Seconds:F2} s; no dispatch of this event costs less than {pricing.LowerBound:F2}, the mix costs {pricing.UpperBound:F2} (at most {pricing.Gap:P3} above the optimum)"));
        }

        // Each operator's wear, as it saw it before committing: what the allocation costs its vehicles' batteries, each
        // vehicle at its pack chemistry's price.
        output.WriteLine($"  wear per kWh discharged: {costs.WearBook}");
        for (var i = 0; i < n; i++)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {names[i],-16} allocation discharges {reports[i].DischargedKwh:F2} kWh, wear {reports[i].WearCost:F2}"));
        }

        var commits = await Task.WhenAll(participants.Select(p => p.CommitAsync(eventId, options.ChainCallTimeout, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < n; i++)
        {
            var onChain = await ledger.GetOperatorDispatchAsync(eventId, addresses[i]).ConfigureAwait(false);
            if (onChain.AllocationHash != commits[i].AllocationHash)
            {
                throw new InvalidDataException($"{names[i]} says it committed {commits[i].AllocationHash}; the ledger holds {onChain.AllocationHash}.");
            }

            output.WriteLine($"  {names[i],-16} committed allocation {onChain.AllocationHash} in {commits[i].TxHash}");
        }

        var deliveries = await Task.WhenAll(participants.Select(p => p.DeliverAsync(eventId, requestHash, steps, options.ChainCallTimeout, cancellationToken))).ConfigureAwait(false);
        var settlements = new OperatorSettlement[n];
        var meteredAggregateKw = new double[steps];
        for (var i = 0; i < n; i++)
        {
            var onChain = await ledger.GetOperatorDispatchAsync(eventId, addresses[i]).ConfigureAwait(false);
            if (onChain.DeliveryHash != deliveries[i].DeliveryHash)
            {
                throw new InvalidDataException($"{names[i]} says it reported delivery {deliveries[i].DeliveryHash}; the ledger holds {onChain.DeliveryHash}.");
            }

            for (var t = 0; t < steps; t++)
            {
                meteredAggregateKw[t] += deliveries[i].MeteredKwh[t] / FleetRequest.StepHours;
            }

            settlements[i] = rule.Bounded(rule.Settle(operatorKw[i], deliveries[i].MeteredKwh), onChain.AllocatedWh, onChain.DeliveredWh);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {names[i],-16} metered {deliveries[i].MeteredKwh.Sum():F0} kWh net ({deliveries[i].VehiclesUnpluggedEarly} vehicles unplugged early), tracked {settlements[i].TrackedKwh:F0} kWh, {settlements[i].ExcessDeviationKwh:F1} kWh beyond tolerance; reported {onChain.DeliveryHash} in {deliveries[i].TxHash}"));
        }

        // Only the operators that took part are settled: the ledger refuses to settle a decliner.
        var settle = await ledger.SettleDispatchAsync(
            eventId, [.. addresses.Select((address, i) => new DispatchSettlement(address, settlements[i].AmountWei))], cancellationToken).ConfigureAwait(false);
        var settled = await ledger.GetDispatchAsync(eventId).ConfigureAwait(false);
        if (settled.Status != DispatchStatus.Settled)
        {
            throw new InvalidDataException($"Event {eventId} is {settled.Status} on chain after settlement {settle.TxHash}.");
        }

        if (settled.DeclineCount != declines.Count || settled.AllocationCount != n)
        {
            throw new InvalidDataException(
                $"Event {eventId}: the ledger counts {settled.AllocationCount} allocations and {settled.DeclineCount} declines; {n} operators took part and {declines.Count} declined.");
        }

        var results = new ParticipantOutcome[n];
        for (var i = 0; i < n; i++)
        {
            var record = await ledger.GetOperatorDispatchAsync(eventId, addresses[i]).ConfigureAwait(false);
            if (!record.Settled || record.Settlement != settlements[i].AmountWei)
            {
                throw new InvalidDataException($"{names[i]}: the ledger settled {record.Settlement} (settled: {record.Settled}), {settlements[i].AmountWei} was sent.");
            }

            results[i] = new ParticipantOutcome(names[i], addresses[i], operatorKw[i], reports[i], commits[i], deliveries[i], settlements[i], record.Settlement);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {names[i],-16} settled {TokenAmount.Format(record.Settlement)} (reward {TokenAmount.Format(settlements[i].RewardWei)} - penalty {TokenAmount.Format(settlements[i].PenaltyWei)})"));
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  settled event {eventId} in {settle.TxHash}: {n} operators took part, {declines.Count} declined; minted {TokenAmount.Format(settled.TotalRewards)}, slashed {TokenAmount.Format(settled.TotalPenalties)}; dispatch took {clock.Elapsed.TotalSeconds:F1} s"));
        return new DispatchEventOutcome
        {
            EventId = eventId,
            Request = signed,
            Opening = opening.Transaction,
            Settling = settle,
            OperatorsAsked = operators.Count,
            Steps = steps,
            StepMinutes = stepMinutes,
            UncontrolledKw = uncontrolled,
            TargetKw = target,
            AggregateKw = aggregate,
            MeteredAggregateKw = meteredAggregateKw,
            PeakKwBefore = peakBefore,
            PeakKwTarget = peakTarget,
            TrackingError = trackingError,
            MaxDeviationKw = maxDeviation,
            MeteredTrackingError = Tracking(meteredAggregateKw, target).Error,
            Iterations = outcome?.Iterations ?? 0,
            Converged = outcome?.Converged ?? false,
            Pricing = outcome?.Pricing,
            Intraday = intraday,
            Offer = consortiumOffer,
            OfferCheck = offerCheck,
            PlanAdjustedSteps = planAdjusted,
            SolveSeconds = outcome?.Seconds ?? intraday?.Seconds ?? 0,
            Rule = rule,
            Participants = results,
            Declines = declines,
            TotalRewardsWei = settled.TotalRewards,
            TotalPenaltiesWei = settled.TotalPenalties,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>An operator's claimed decline, checked against the ledger's record and its DispatchDeclined log.</summary>
    /// <summary>
    /// Checks the grid party's request against the consortium's offer at <see cref="DispatchEventOptions.OfferConfidence"/>
    /// (at 0.9 when the check is off, for the report) and refuses, before anything is opened on chain, a request outside it.
    /// </summary>
    private OfferCheck? Check(FlexibilityForecast? offer, SignedFlexibilityRequest signed)
    {
        var confidence = options.OfferConfidence ?? 0.9;
        if (offer is null || offer.Steps != signed.Request.HorizonSteps || !offer.Bands.Any(b => Math.Abs(b.Quantile - confidence) < 1e-9))
        {
            return null;
        }

        var check = offer.Check([.. signed.Request.TargetKw], confidence);
        output.WriteLine($"  request {signed.Request.RequestId}: {check.Describe()}");
        if (!check.Within && options.OfferConfidence is not null)
        {
            throw new FlexibilityOfferException(signed.Request.RequestId, check);
        }

        return check;
    }

    private async Task<DeclinedOperator> DeclineOnChainAsync(ulong eventId, ulong openedAtBlock, DispatchParticipation join, RecordedDecline claimed, bool atSurvey)
    {
        var record = await ledger.GetOperatorDispatchAsync(eventId, join.Address).ConfigureAwait(false);
        if (record.DeclineReason != claimed.Decline.Reason)
        {
            throw new InvalidDataException($"{join.Name} says it declined event {eventId} ({claimed.Decline.Reason}); the ledger holds {record.DeclineReason}.");
        }

        var logged = (await ledger.GetDispatchDeclinedEventsAsync(eventId, join.Address, openedAtBlock).ConfigureAwait(false))
            .FirstOrDefault(e => e.TxHash == claimed.TxHash)
            ?? throw new InvalidDataException($"{join.Name} says it declined event {eventId} in {claimed.TxHash}; the ledger logged no such decline.");
        return new DeclinedOperator(join.Name, join.Address, logged.Reason, logged.Detail, logged.TxHash, claimed.GasUsed, atSurvey);
    }

    /// <summary>RMSE of aggregate − target over the mean absolute target, and the largest absolute gap (kW).</summary>
    public static (double Error, double MaxDeviationKw) Tracking(IReadOnlyList<double> aggregateKw, IReadOnlyList<double> targetKw)
    {
        ArgumentNullException.ThrowIfNull(aggregateKw);
        ArgumentNullException.ThrowIfNull(targetKw);
        double squares = 0, absTarget = 0, max = 0;
        for (var t = 0; t < targetKw.Count; t++)
        {
            var gap = aggregateKw[t] - targetKw[t];
            squares += gap * gap;
            absTarget += Math.Abs(targetKw[t]);
            max = Math.Max(max, Math.Abs(gap));
        }

        var meanAbs = absTarget / targetKw.Count;
        return (meanAbs > 0 ? Math.Sqrt(squares / targetKw.Count) / meanAbs : double.NaN, max);
    }

    /// <summary>Steps where the plan cleared is not the target (ADMM settled short of it there).</summary>
    private static int PlanAdjustedSteps(double[] planKw, double[] targetKw)
    {
        var count = 0;
        for (var t = 0; t < targetKw.Length; t++)
        {
            count += planKw[t] != targetKw[t] ? 1 : 0;
        }

        return count;
    }

    private static double Peak(double[] profile, int from, int to)
    {
        var peak = double.NegativeInfinity;
        for (var t = from; t < to; t++)
        {
            peak = Math.Max(peak, profile[t]);
        }

        return peak;
    }

    /// <summary>Writes the residuals every few iterations, on the caller's thread (no reordering).</summary>
    /// <summary>Prints the intraday day's progress: every 8 steps, the step, the vehicles plugged in and the aggregate committed.</summary>
    private sealed class StepProgress(TextWriter output, IReadOnlyList<RemoteFleetOperator> fleets, int steps) : IProgress<int>
    {
        public void Report(int value)
        {
            if (value % 8 == 0 || value == steps)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture, $"    step {value,3} of {steps}: {fleets.Sum(f => f.PluggedIn[value - 1]),5} vehicles plugged in"));
            }
        }
    }

    private sealed class PrintedProgress(TextWriter output, int every) : IProgress<DispatchProgress>
    {
        public void Report(DispatchProgress value)
        {
            if (every > 0 && value.Iteration % every == 0)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  ADMM iteration {value.Iteration}: primal residual {value.PrimalResidualKw:F2} kW, dual residual {value.DualResidualKw:F2} kW, ρ {value.Rho:G3}"));
            }
        }
    }
}
