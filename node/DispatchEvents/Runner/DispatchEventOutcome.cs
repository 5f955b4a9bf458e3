using System.Numerics;
using Consortium.Dispatch;
using Consortium.Dispatch.DayAhead;
using Consortium.Contracts;
using Consortium.Node.GridParty;

namespace Consortium.Node.DispatchEvents.Runner;

/// <summary>
/// What one dispatch event came to, every hash and amount read back from the chain: the grid party's signed request,
/// the event opened and settled for it, how the operators that took part tracked the target, and who sat it out and why.
/// </summary>
public sealed record DispatchEventOutcome
{
    /// <summary>The ledger's id of the event.</summary>
    public required ulong EventId { get; init; }

    /// <summary>The grid party's signed request the event answers (its hash is what the event was opened for).</summary>
    public required SignedFlexibilityRequest Request { get; init; }

    /// <summary>Keccak-256 of the request in canonical form.</summary>
    public Hash32 RequestHash => Request.RequestHash;

    /// <summary>The openDispatch transaction.</summary>
    public required LedgerTransaction Opening { get; init; }

    /// <summary>The settleDispatch transaction.</summary>
    public required LedgerTransaction Settling { get; init; }

    /// <summary>Operators asked (surveyed): those that took part and those that declined.</summary>
    public required int OperatorsAsked { get; init; }

    /// <summary>Steps of the event.</summary>
    public required int Steps { get; init; }

    /// <summary>Length of a step, minutes.</summary>
    public required double StepMinutes { get; init; }

    /// <summary>The surveyed fleets' aggregate charging at full power from arrival, kW per step.</summary>
    public required double[] UncontrolledKw { get; init; }

    /// <summary>The target the grid party signed, kW per step.</summary>
    public required double[] TargetKw { get; init; }

    /// <summary>What the participants' allocations add up to, kW per step.</summary>
    public required double[] AggregateKw { get; init; }

    /// <summary>What the participants' meters add up to, as mean kW per step.</summary>
    public required double[] MeteredAggregateKw { get; init; }

    /// <summary>Evening peak of <see cref="UncontrolledKw"/>, kW.</summary>
    public required double PeakKwBefore { get; init; }

    /// <summary>Evening peak of <see cref="TargetKw"/>, kW.</summary>
    public required double PeakKwTarget { get; init; }

    /// <summary>RMSE of allocated aggregate − target over the mean absolute target.</summary>
    public required double TrackingError { get; init; }

    /// <summary>Largest absolute gap between allocated aggregate and target, kW.</summary>
    public required double MaxDeviationKw { get; init; }

    /// <summary>RMSE of metered aggregate − target over the mean absolute target.</summary>
    public required double MeteredTrackingError { get; init; }

    /// <summary>ADMM iterations (0 when nobody took part).</summary>
    public required int Iterations { get; init; }

    /// <summary>Whether ADMM converged.</summary>
    public required bool Converged { get; init; }

    /// <summary>The exact stage's outcome (the dispatch by prices), or null when it did not run.</summary>
    public PriceOutcome? Pricing { get; init; }

    /// <summary>How the day went when the event was dispatched intraday (<see cref="DispatchEventOptions.Intraday"/>); null when it was cleared in advance.</summary>
    public IntradayOutcome? Intraday { get; init; }

    /// <summary>The operators' day-ahead offers summed; null when an operator offered none.</summary>
    public FlexibilityForecast? Offer { get; init; }

    /// <summary>The request checked against <see cref="Offer"/>; null without an offer.</summary>
    public OfferCheck? OfferCheck { get; init; }

    /// <summary>Steps where the plan cleared is not the target.</summary>
    public required int PlanAdjustedSteps { get; init; }

    /// <summary>Wall-clock seconds of ADMM and the clearing.</summary>
    public required double SolveSeconds { get; init; }

    /// <summary>The rule the participants were settled under.</summary>
    public required DispatchSettlementRule Rule { get; init; }

    /// <summary>The operators that took part, in the order they were asked.</summary>
    public required IReadOnlyList<ParticipantOutcome> Participants { get; init; }

    /// <summary>The operators that sat the event out, in the order they were asked.</summary>
    public required IReadOnlyList<DeclinedOperator> Declines { get; init; }

    /// <summary>Tokens minted to participants at settlement, as the ledger holds it.</summary>
    public required BigInteger TotalRewardsWei { get; init; }

    /// <summary>Tokens slashed from participants' stakes at settlement, as the ledger holds it.</summary>
    public required BigInteger TotalPenaltiesWei { get; init; }

    /// <summary>Wall-clock time of the whole event, survey to settlement.</summary>
    public required TimeSpan Elapsed { get; init; }
}

/// <summary>An event dispatched intraday: each step re-planned over the steps left and committed.</summary>
/// <param name="Steps">Steps re-planned and committed.</param>
/// <param name="MeanReplanSeconds">Mean wall clock of a step's re-plan (over gRPC).</param>
/// <param name="MaxReplanSeconds">Longest re-plan.</param>
/// <param name="MaxPluggedIn">Most vehicles plugged in at one step, over every operator.</param>
/// <param name="Seconds">Wall clock of the whole day.</param>
/// <param name="StepLogGasUsed">Each operator's step logs' gas, summed from their receipts, in the order of the participants.</param>
public sealed record IntradayOutcome(int Steps, double MeanReplanSeconds, double MaxReplanSeconds, int MaxPluggedIn, double Seconds, IReadOnlyList<ulong> StepLogGasUsed);
