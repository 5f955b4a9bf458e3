using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Fleets;
using Consortium.Network.Dispatch;
using Consortium.Node.GridParty;
using Consortium.Node.Reporting;

namespace Consortium.Node.DispatchEvents.Runner;

/// <summary>How the coordinator runs a dispatch event.</summary>
public sealed record DispatchEventOptions
{
    /// <summary>Steps of the event (one day of 15-minute steps by default).</summary>
    public int HorizonSteps { get; init; } = FleetGenerator.DaySteps;

    /// <summary>The prices the dispatch minimises.</summary>
    public DispatchCosts Costs { get; init; } = DispatchCosts.Default;

    /// <summary>ADMM stopping rules.</summary>
    public DispatchOptions Solver { get; init; } = DispatchOptions.Default;

    /// <summary>How the request is shaped from the operators' aggregates.</summary>
    public PeakShavingPolicy Target { get; init; } = PeakShavingPolicy.Default;

    /// <summary>How operators are paid and penalised.</summary>
    public DispatchSettlementRule Settlement { get; init; } = DispatchSettlementRule.Default;

    /// <summary>
    /// The grid party's key, which signs the request the event is opened for. By default anvil's published dev account 9
    /// (<see cref="AnvilDevKeys.GridParty"/>): a demo stand-in for a distribution system operator's own key.
    /// </summary>
    public string GridPartyKey { get; init; } = AnvilDevKeys.GridParty;

    /// <summary>
    /// What the grid party's request states it pays per kWh delivered along the target. Zero by default: the demo's
    /// operators are paid in consortium tokens under <see cref="Settlement"/>, not by the grid party.
    /// </summary>
    public double PricePerKwh { get; init; }

    /// <summary>How long a survey, join, propose, clearing or report call may take.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a commit or deliver call (each a chain transaction) may take.</summary>
    public TimeSpan ChainCallTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>From opening, how long the ledger takes allocations.</summary>
    public TimeSpan AllocationWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>From opening, how long the ledger takes delivery reports (the horizon plus a day to meter).</summary>
    public TimeSpan DeliveryWindow { get; init; } = TimeSpan.FromDays(2);

    /// <summary>Print the residuals every this many ADMM iterations.</summary>
    public int ProgressEvery { get; init; } = 50;
}

/// <summary>
/// The coordinator's side of one dispatch event over the operator nodes: survey their aggregates, shape the target,
/// have the grid party sign it as a <see cref="FlexibilityRequest"/> (checked back from its JSON), open the event on chain
/// for the request's hash, run <see cref="DispatchCoordinator.CoordinateAsync"/> over <see cref="RemoteFleetOperator"/>s
/// (ADMM, then the step-by-step clearing), collect each operator's report of its allocation, have every operator commit
/// its allocation and report its delivery with its own key, then settle on chain. Every
/// hash an operator claims is read back from the chain before it is reported.
/// </summary>
public sealed class DispatchEventRunner(ConsortiumLedger ledger, DispatchEventOptions options, TextWriter output)
{
    /// <summary>
    /// The grid party's request for <paramref name="targetKw"/>: a <see cref="FlexibilityRequest"/> for the day from the
    /// next UTC midnight (the fleets' step 0), issued at <paramref name="now"/> (whole seconds), with the deviation penalty
    /// of <paramref name="costs"/>, signed with <paramref name="gridParty"/>'s key and then parsed back from its JSON as an
    /// operator would: every field, the signature, that the signer is the trusted grid party and that the request has not
    /// expired. The event is opened for its <see cref="SignedFlexibilityRequest.RequestHash"/>.
    /// </summary>
    /// <exception cref="FlexibilityRequestException">The target breaks a request rule (for example a non-finite value).</exception>
    public static SignedFlexibilityRequest SignRequest(
        IReadOnlyList<double> targetKw, DispatchCosts costs, double pricePerKwh, ChainAccount gridParty, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(targetKw);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(gridParty);
        var issuedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var start = new DateTimeOffset(issuedAt.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var requestId = string.Create(
            CultureInfo.InvariantCulture, $"consortium-{issuedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        var request = new FlexibilityRequest(requestId, gridParty.Address, issuedAt, start, targetKw, pricePerKwh, costs.DeviationPenaltyPerKwh);
        var json = FlexibilityRequestCodec.Sign(request, gridParty).ToJson();
        return FlexibilityRequestCodec.Parse(json, new FlexibilityRequestPolicy(new HashSet<ChainAddress> { gridParty.Address }, now));
    }

    /// <summary>Runs one event with every participant and returns the report's dispatch section.</summary>
    /// <exception cref="InvalidDataException">An operator's reply disagrees with itself or with the chain.</exception>
    public async Task<DispatchSection> RunAsync(IReadOnlyList<DispatchParticipantClient> participants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participants);
        if (participants.Count == 0)
        {
            throw new ArgumentException("A dispatch event needs at least one operator.", nameof(participants));
        }

        var clock = Stopwatch.StartNew();
        var steps = options.HorizonSteps;
        var stepMinutes = FleetRequest.StepHours * 60;
        var n = participants.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dispatch: surveying {n} operator nodes over {steps} steps of {stepMinutes:F0} min..."));
        var offers = await Task.WhenAll(participants.Select(p => p.SurveyAsync(steps, stepMinutes, options.CallTimeout, cancellationToken))).ConfigureAwait(false);
        var uncontrolled = new double[steps];
        var capacity = new double[steps];
        foreach (var offer in offers)
        {
            for (var t = 0; t < steps; t++)
            {
                uncontrolled[t] += offer.UncontrolledKw[t];
                capacity[t] += offer.DischargeCapacityKw[t];
            }
        }

        var shaped = options.Target.Build(uncontrolled, capacity);
        var peakBefore = Peak(uncontrolled, options.Target.PeakStartStep, options.Target.PeakEndStep);
        var peakTarget = Peak(shaped, options.Target.PeakStartStep, options.Target.PeakEndStep);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  target: uncontrolled evening peak {peakBefore:F0} kW shaved to {peakTarget:F0} kW (defer {options.Target.DeferShare:P0} of charging, export {options.Target.ExportShare:P0} of {Peak(capacity, options.Target.PeakStartStep, options.Target.PeakEndStep):F0} kW V2G capacity), energy moved to the night"));

        // The grid party signs the request; the coordinator takes the target and the deviation penalty from the parsed document.
        var now = DateTimeOffset.UtcNow;
        var signed = SignRequest(shaped, options.Costs, options.PricePerKwh, ChainAccount.FromPrivateKey(options.GridPartyKey), now);
        var asked = signed.Request.ToTarget(options.Costs);
        var target = asked.TargetKw;
        var costs = asked.Costs;
        var requestHash = signed.RequestHash;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"  request {signed.Request.RequestId} for {signed.Request.Start:yyyy-MM-dd HH:mm}Z, signed by grid party {signed.Signer}, hash {requestHash}"));
        var opening = await ledger.Dispatch.OpenDispatchAsync(requestHash, now + options.AllocationWindow, now + options.DeliveryWindow, cancellationToken).ConfigureAwait(false);
        var eventId = opening.EventId;
        output.WriteLine($"  opened event {eventId} for request {requestHash} in {opening.Transaction.TxHash}");

        var terms = new DispatchTerms(
            eventId, requestHash, steps, stepMinutes, costs.WearCostPerKwh, costs.DeviationPenaltyPerKwh, costs.ShortfallPenaltyPerKwh);
        var joins = await Task.WhenAll(participants.Select(p => p.JoinAsync(terms, options.CallTimeout, cancellationToken))).ConfigureAwait(false);
        var addresses = new ChainAddress[n];
        for (var i = 0; i < n; i++)
        {
            addresses[i] = joins[i].Address;
            if (addresses[i] != offers[i].Address)
            {
                throw new InvalidDataException($"Operator at {participants[i].Endpoint} surveyed as {offers[i].Address} but joined as {joins[i].Address}.");
            }
        }

        var operators = participants.Select((p, i) => new RemoteFleetOperator(joins[i].Name, p, eventId, steps, options.CallTimeout)).ToArray();
        var outcome = await DispatchCoordinator.CoordinateAsync(
            operators, target, costs, options.Solver, new PrintedProgress(output, options.ProgressEvery), cancellationToken).ConfigureAwait(false);
        var reports = await Task.WhenAll(operators.Select(o => o.ReportAsync(cancellationToken))).ConfigureAwait(false);
        var (trackingError, maxDeviation) = Tracking(outcome.AggregateKw, target);
        var planAdjusted = PlanAdjustedSteps(outcome.PlanKw, target);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  coordinated over gRPC: {outcome.Iterations} ADMM iterations ({(outcome.Converged ? "converged" : "not converged")}), plan short of the target at {planAdjusted} steps, cleared over {steps} steps; {outcome.Seconds:F2} s; tracking error {trackingError:P2}, max deviation {maxDeviation:F1} kW"));

        var commits = await Task.WhenAll(participants.Select(p => p.CommitAsync(eventId, options.ChainCallTimeout, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < n; i++)
        {
            var onChain = await ledger.Dispatch.GetOperatorDispatchAsync(eventId, addresses[i]).ConfigureAwait(false);
            if (onChain.AllocationHash != commits[i].AllocationHash)
            {
                throw new InvalidDataException($"{joins[i].Name} says it committed {commits[i].AllocationHash}; the ledger holds {onChain.AllocationHash}.");
            }

            output.WriteLine($"  {joins[i].Name,-16} committed allocation {onChain.AllocationHash} in {commits[i].TxHash}");
        }

        var deliveries = await Task.WhenAll(participants.Select(p => p.DeliverAsync(eventId, requestHash, steps, options.ChainCallTimeout, cancellationToken))).ConfigureAwait(false);
        var settlements = new OperatorSettlement[n];
        var meteredAggregateKw = new double[steps];
        for (var i = 0; i < n; i++)
        {
            var onChain = await ledger.Dispatch.GetOperatorDispatchAsync(eventId, addresses[i]).ConfigureAwait(false);
            if (onChain.DeliveryHash != deliveries[i].DeliveryHash)
            {
                throw new InvalidDataException($"{joins[i].Name} says it reported delivery {deliveries[i].DeliveryHash}; the ledger holds {onChain.DeliveryHash}.");
            }

            for (var t = 0; t < steps; t++)
            {
                meteredAggregateKw[t] += deliveries[i].MeteredKwh[t] / FleetRequest.StepHours;
            }

            settlements[i] = options.Settlement.Settle(outcome.OperatorKw[i], deliveries[i].MeteredKwh);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {joins[i].Name,-16} metered {deliveries[i].MeteredKwh.Sum():F0} kWh net ({deliveries[i].VehiclesUnpluggedEarly} vehicles unplugged early), tracked {settlements[i].TrackedKwh:F0} kWh, {settlements[i].ExcessDeviationKwh:F1} kWh beyond tolerance; reported {onChain.DeliveryHash} in {deliveries[i].TxHash}"));
        }

        var settle = await ledger.Dispatch.SettleDispatchAsync(
            eventId, [.. addresses.Select((address, i) => new DispatchSettlement(address, settlements[i].AmountWei))], cancellationToken).ConfigureAwait(false);
        var settled = await ledger.Dispatch.GetDispatchAsync(eventId).ConfigureAwait(false);
        if (settled.Status != DispatchStatus.Settled)
        {
            throw new InvalidDataException($"Event {eventId} is {settled.Status} on chain after settlement {settle.TxHash}.");
        }

        var section = new DispatchSection
        {
            EventId = eventId,
            RequestHash = requestHash.ToString(),
            RequestId = signed.Request.RequestId,
            GridParty = signed.Signer.ToString(),
            SignedRequest = signed.ToJson(),
            OpenTxHash = opening.Transaction.TxHash.ToString(),
            SettleTxHash = settle.TxHash.ToString(),
            OperatorCount = n,
            Intervals = steps,
            StepMinutes = stepMinutes,
            TrackingError = trackingError,
            MaxDeviationKw = maxDeviation,
            MeteredTrackingError = Tracking(meteredAggregateKw, target).Error,
            Iterations = outcome.Iterations,
            PlanAdjustedSteps = planAdjusted,
            SolveSeconds = outcome.Seconds,
            Converged = outcome.Converged,
            PeakKwBefore = peakBefore,
            PeakKwTarget = peakTarget,
            RewardWeiPerKwh = options.Settlement.RewardWeiPerKwh.ToString(CultureInfo.InvariantCulture),
            PenaltyWeiPerKwh = options.Settlement.PenaltyWeiPerKwh.ToString(CultureInfo.InvariantCulture),
            RelativeTolerance = options.Settlement.RelativeTolerance,
            AbsoluteToleranceKwh = options.Settlement.AbsoluteToleranceKwh,
            UncontrolledKw = uncontrolled,
            TargetKw = target,
            AggregateKw = outcome.AggregateKw,
        };
        for (var i = 0; i < n; i++)
        {
            var record = await ledger.Dispatch.GetOperatorDispatchAsync(eventId, addresses[i]).ConfigureAwait(false);
            if (!record.Settled || record.Settlement != settlements[i].AmountWei)
            {
                throw new InvalidDataException($"{joins[i].Name}: the ledger settled {record.Settlement} (settled: {record.Settled}), {settlements[i].AmountWei} was sent.");
            }

            var realization = reports[i];
            section.PerOperator.Add(new DispatchOperatorSection
            {
                Name = joins[i].Name,
                Address = addresses[i].ToString(),
                AllocationHash = record.AllocationHash.ToString(),
                CommitTxHash = commits[i].TxHash.ToString(),
                DeliveryHash = record.DeliveryHash.ToString(),
                DeliveryTxHash = deliveries[i].TxHash.ToString(),
                AllocatedKwh = outcome.OperatorKw[i].Sum() * FleetRequest.StepHours,
                AllocatedKwPerStep = outcome.OperatorKw[i],
                MeteredKwh = deliveries[i].MeteredKwh.Sum(),
                MeteredKwhPerStep = deliveries[i].MeteredKwh,
                TrackedKwh = settlements[i].TrackedKwh,
                ExcessDeviationKwh = settlements[i].ExcessDeviationKwh,
                VehiclesUnpluggedEarly = deliveries[i].VehiclesUnpluggedEarly,
                RewardWei = settlements[i].RewardWei.ToString(CultureInfo.InvariantCulture),
                PenaltyWei = settlements[i].PenaltyWei.ToString(CultureInfo.InvariantCulture),
                SettlementWei = record.Settlement.ToString(CultureInfo.InvariantCulture),
                SocFloorViolations = realization.SocFloorViolations,
                DepartureShortfallKwh = realization.DepartureShortfallKwh,
                JainFairness = realization.JainFairness,
                CommitGasUsed = commits[i].GasUsed,
                DeliveryGasUsed = deliveries[i].GasUsed,
            });
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {joins[i].Name,-16} settled {TokenAmount.Format(record.Settlement)} (reward {TokenAmount.Format(settlements[i].RewardWei)} - penalty {TokenAmount.Format(settlements[i].PenaltyWei)})"));
        }

        section.SocFloorViolations = section.PerOperator.Sum(o => o.SocFloorViolations);
        section.DepartureShortfallKwh = section.PerOperator.Sum(o => o.DepartureShortfallKwh);
        section.JainFairness = section.PerOperator.Average(o => o.JainFairness);
        section.Seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  settled event {eventId} in {settle.TxHash}: minted {TokenAmount.Format(settled.TotalRewards)}, slashed {TokenAmount.Format(settled.TotalPenalties)}; dispatch took {section.Seconds:F1} s"));
        return section;
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
