using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Targets;
using Consortium.Node.DispatchEvents;

namespace Consortium.Node.GridParty;

/// <summary>
/// A grid party's request to the consortium: the aggregate power it wants at each 15-minute step from <see cref="Start"/>,
/// what each kWh of deviation costs it (the price the dispatch minimises), and the terms every operator is settled under
/// (tokens per kWh delivered along its allocation, tokens per kWh of deviation beyond a tolerance). Signed as EIP-712
/// typed data for one consortium's dispatch ledger (<see cref="Domain"/>). Immutable; every instance has passed the
/// checks below, whether it was built in code or parsed from JSON.
/// </summary>
/// <remarks>
/// Rules (each violation throws <see cref="FlexibilityRequestException"/> naming the JSON field):
/// <list type="bullet">
/// <item><c>requestId</c>: 1–64 characters from <c>A–Z a–z 0–9 . _ : -</c> (so it needs no JSON escaping).</item>
/// <item><c>gridParty</c> and <c>dispatchLedger</c>: non-zero addresses; <c>chainId</c> positive.</item>
/// <item><c>issuedAt</c> and <c>start</c>: whole seconds (they are written as <c>yyyy-MM-ddTHH:mm:ssZ</c>);
/// <c>start</c> on a quarter hour and strictly after <c>issuedAt</c> (a request cannot ask for the past).</item>
/// <item><c>horizonSteps</c> (the length of <c>targetKw</c>): 1 to <see cref="MaxHorizonSteps"/> (one week).</item>
/// <item><c>targetKw</c>: whole watts (at most three decimals), within ±<see cref="MaxAbsTargetKw"/> kW (positive draws
/// from the grid): the typed data carries them as <c>int64</c> watts.</item>
/// <item><c>deviationPenaltyPerKwh</c>: above zero, at most <see cref="MaxPricePerKwh"/>, in millionths (at most six
/// decimals): a free deviation asks nothing of the fleets.</item>
/// <item><c>rewardWeiPerKwh</c> and <c>penaltyWeiPerKwh</c>: whole token base units, 0 to <see cref="MaxWeiPerKwh"/>;
/// <c>toleranceBps</c> 0 to 10,000; <c>toleranceWh</c> 0 to <see cref="MaxToleranceWh"/>.</item>
/// </list>
/// </remarks>
public sealed record FlexibilityRequest
{
    /// <summary>The only format version.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The only step length, in minutes (the dispatch works in 15-minute steps).</summary>
    public const int RequiredStepMinutes = 15;

    /// <summary>The longest horizon: seven days of 96 steps.</summary>
    public const int MaxHorizonSteps = 7 * 96;

    /// <summary>The largest target magnitude accepted, in kW (10 GW, far above any consortium).</summary>
    public const double MaxAbsTargetKw = 1e7;

    /// <summary>The largest deviation penalty accepted, per kWh.</summary>
    public const double MaxPricePerKwh = 1e3;

    /// <summary>The largest reward or penalty rate accepted, in token base units per kWh (1,000 tokens of 18 decimals).</summary>
    public static readonly BigInteger MaxWeiPerKwh = BigInteger.Pow(10, 21);

    /// <summary>The largest absolute tolerance per step, in Wh (1 MWh).</summary>
    public const int MaxToleranceWh = 1_000_000;

    /// <summary>The longest request identifier.</summary>
    public const int MaxRequestIdLength = 64;

    /// <summary>The format timestamps are written in (UTC, whole seconds).</summary>
    public const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";

    /// <summary>Checks and builds a request; <paramref name="targetKw"/> is copied.</summary>
    /// <param name="requestId">The grid party's identifier of the request.</param>
    /// <param name="gridParty">The grid party's address, whose key must sign the request.</param>
    /// <param name="domain">The consortium the request is for: its chain and dispatch ledger.</param>
    /// <param name="issuedAt">When the request was issued.</param>
    /// <param name="start">Start of the first step.</param>
    /// <param name="targetKw">Target aggregate power per step, in kW (whole watts); its length is the horizon.</param>
    /// <param name="deviationPenaltyPerKwh">What each kWh of deviation from the target costs the grid party.</param>
    /// <param name="settlement">How each operator is paid and penalised (integral basis points and Wh of tolerance).</param>
    /// <exception cref="FlexibilityRequestException">A value breaks a rule; the exception names the field.</exception>
    public FlexibilityRequest(
        string requestId,
        ChainAddress gridParty,
        RequestDomain domain,
        DateTimeOffset issuedAt,
        DateTimeOffset start,
        IEnumerable<double> targetKw,
        double deviationPenaltyPerKwh,
        DispatchSettlementRule settlement)
    {
        RequestId = CheckRequestId(requestId);
        if (gridParty.IsZero)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.GridParty, "the zero address cannot be a grid party");
        }

        GridParty = gridParty;
        ArgumentNullException.ThrowIfNull(domain);
        if (domain.ChainId <= 0)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.ChainId, $"{domain.ChainId} is not a chain id");
        }

        if (domain.DispatchLedger.IsZero)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.DispatchLedger, "the zero address is not a dispatch ledger");
        }

        Domain = domain;
        IssuedAt = CheckWholeSeconds(issuedAt, FlexibilityRequestFields.IssuedAt);
        Start = CheckWholeSeconds(start, FlexibilityRequestFields.Start);
        if (Start.Minute % RequiredStepMinutes != 0 || Start.Second != 0)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.Start, $"{Format(Start)} is not on a quarter hour");
        }

        if (Start <= IssuedAt)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.Start, $"{Format(Start)} is not after issuedAt {Format(IssuedAt)}");
        }

        ArgumentNullException.ThrowIfNull(targetKw);
        TargetKw = [.. targetKw];
        if (TargetKw.Length is 0 or > MaxHorizonSteps)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.HorizonSteps, $"{TargetKw.Length} steps is outside 1 to {MaxHorizonSteps}");
        }

        for (var t = 0; t < TargetKw.Length; t++)
        {
            if (!(Math.Abs(TargetKw[t]) <= MaxAbsTargetKw))
            {
                throw new FlexibilityRequestException(
                    FlexibilityRequestFields.TargetKw, $"step {t} is {TargetKw[t].ToString(CultureInfo.InvariantCulture)}, not a finite number of kW within ±{MaxAbsTargetKw:0e0}");
            }

            if (Math.Round(TargetKw[t] * 1000) / 1000 != TargetKw[t])
            {
                throw new FlexibilityRequestException(
                    FlexibilityRequestFields.TargetKw, $"step {t} is {TargetKw[t].ToString("R", CultureInfo.InvariantCulture)} kW, not a whole number of watts (at most three decimals)");
            }
        }

        if (!(deviationPenaltyPerKwh > 0 && deviationPenaltyPerKwh <= MaxPricePerKwh))
        {
            throw new FlexibilityRequestException(
                FlexibilityRequestFields.DeviationPenaltyPerKwh, $"{deviationPenaltyPerKwh.ToString(CultureInfo.InvariantCulture)} is outside (0, {MaxPricePerKwh:0}] per kWh");
        }

        if (Math.Round(deviationPenaltyPerKwh * 1e6) / 1e6 != deviationPenaltyPerKwh)
        {
            throw new FlexibilityRequestException(
                FlexibilityRequestFields.DeviationPenaltyPerKwh, $"{deviationPenaltyPerKwh.ToString("R", CultureInfo.InvariantCulture)} has more than six decimals");
        }

        DeviationPenaltyPerKwh = deviationPenaltyPerKwh;
        ArgumentNullException.ThrowIfNull(settlement);
        CheckWei(settlement.RewardWeiPerKwh, FlexibilityRequestFields.RewardWeiPerKwh);
        CheckWei(settlement.PenaltyWeiPerKwh, FlexibilityRequestFields.PenaltyWeiPerKwh);
        var bps = settlement.RelativeTolerance * 10_000;
        if (!(bps >= 0 && bps <= 10_000 && Math.Round(bps) == bps))
        {
            throw new FlexibilityRequestException(
                FlexibilityRequestFields.ToleranceBps, $"a relative tolerance of {settlement.RelativeTolerance.ToString(CultureInfo.InvariantCulture)} is not a whole number of basis points from 0 to 10,000");
        }

        var wh = settlement.AbsoluteToleranceKwh * 1000;
        if (!(wh >= 0 && wh <= MaxToleranceWh && Math.Round(wh) == wh))
        {
            throw new FlexibilityRequestException(
                FlexibilityRequestFields.ToleranceWh, $"an absolute tolerance of {settlement.AbsoluteToleranceKwh.ToString(CultureInfo.InvariantCulture)} kWh is not a whole number of Wh from 0 to {MaxToleranceWh}");
        }

        Settlement = settlement;
    }

    /// <summary>Format version, always <see cref="CurrentVersion"/>.</summary>
    public int Version => CurrentVersion;

    /// <summary>The grid party's identifier of the request.</summary>
    public string RequestId { get; }

    /// <summary>The grid party's address.</summary>
    public ChainAddress GridParty { get; }

    /// <summary>The consortium the request is signed for (the EIP-712 domain's chain and verifying contract).</summary>
    public RequestDomain Domain { get; }

    /// <summary>When the request was issued, in UTC.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>Start of the first step, in UTC; step <c>t</c> covers [Start + 15·t min, Start + 15·(t+1) min).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Step length in minutes, always <see cref="RequiredStepMinutes"/>.</summary>
    public int StepMinutes => RequiredStepMinutes;

    /// <summary>Number of steps.</summary>
    public int HorizonSteps => TargetKw.Length;

    /// <summary>Target aggregate power per step, in kW (positive draws from the grid).</summary>
    public ImmutableArray<double> TargetKw { get; }

    /// <summary>What each kWh of deviation from the target costs the grid party: the price the dispatch minimises.</summary>
    public double DeviationPenaltyPerKwh { get; }

    /// <summary>How each operator is paid and penalised for the event: the terms the dispatch ledger bounds settlements by.</summary>
    public DispatchSettlementRule Settlement { get; }

    /// <summary>The relative tolerance in basis points, as signed.</summary>
    public int ToleranceBps => (int)Math.Round(Settlement.RelativeTolerance * 10_000);

    /// <summary>The absolute tolerance per step in Wh, as signed.</summary>
    public int ToleranceWh => (int)Math.Round(Settlement.AbsoluteToleranceKwh * 1000);

    /// <summary>The deviation penalty in millionths per kWh, as signed.</summary>
    public long DeviationPenaltyMicrosPerKwh => (long)Math.Round(DeviationPenaltyPerKwh * 1e6);

    /// <summary>The targets in whole watts, as signed.</summary>
    public long[] TargetW() => [.. TargetKw.Select(kw => (long)Math.Round(kw * 1000))];

    /// <summary>End of the last step.</summary>
    public DateTimeOffset End => Start.AddMinutes(RequiredStepMinutes * HorizonSteps);

    /// <summary>
    /// The EIP-712 digest of the request under its <see cref="Domain"/>: what the grid party signs and the request's
    /// identity on the ledger (what <c>DispatchLedger.openDispatch</c> records as the event's request hash).
    /// </summary>
    public Hash32 RequestHash => FlexibilityRequestTypedData.Digest(this);

    /// <summary>The request as the dispatch ledger takes it: the typed data's fields, the id and targets by their EIP-712 encodings.</summary>
    public FlexibilityTerms Terms() => FlexibilityRequestTypedData.Terms(this);

    /// <summary>
    /// The request as compact UTF-8 JSON without its signature, fields in the order of
    /// <see cref="FlexibilityRequestFields.Signed"/>, no white space, numbers in the invariant culture's round-trip
    /// form ("R"), the addresses in EIP-55 form and timestamps as <see cref="TimestampFormat"/>. The same request gives
    /// the same bytes on every machine.
    /// </summary>
    public byte[] CanonicalBytes() => FlexibilityRequestCodec.Canonical(this);

    /// <summary>The target and the cost model the dispatch should use for it.</summary>
    /// <param name="costs">Wear and shortfall prices to keep (the defaults when omitted); the deviation penalty is replaced by the request's.</param>
    public DispatchTarget ToTarget(DispatchCosts? costs = null) =>
        new([.. TargetKw], (costs ?? DispatchCosts.Default) with { DeviationPenaltyPerKwh = DeviationPenaltyPerKwh });

    /// <summary>
    /// The request as the dispatch takes it, with the fleets that may serve it; the fleets' step 0 is <see cref="Start"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A fleet does not fit the horizon (see <see cref="FleetRequest"/>).</exception>
    public FleetRequest ToFleetRequest(IReadOnlyList<Fleet> fleets) => new(HorizonSteps, [.. TargetKw], fleets);

    /// <inheritdoc />
    public bool Equals(FlexibilityRequest? other) =>
        other is not null
        && RequestId == other.RequestId
        && GridParty == other.GridParty
        && Domain == other.Domain
        && IssuedAt == other.IssuedAt
        && Start == other.Start
        && Settlement == other.Settlement
        && DeviationPenaltyPerKwh.Equals(other.DeviationPenaltyPerKwh)
        && TargetKw.AsSpan().SequenceEqual(other.TargetKw.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(RequestId);
        hash.Add(GridParty);
        hash.Add(IssuedAt);
        hash.Add(Start);
        hash.Add(Domain);
        hash.Add(Settlement);
        hash.Add(DeviationPenaltyPerKwh);
        foreach (var value in TargetKw)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>A one-line description: id, grid party, period and step count.</summary>
    public override string ToString() =>
        $"Flexibility request {RequestId} from {GridParty}: {HorizonSteps} steps from {Format(Start)}";

    internal static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static string CheckRequestId(string requestId)
    {
        const string field = FlexibilityRequestFields.RequestId;
        if (string.IsNullOrEmpty(requestId))
        {
            throw new FlexibilityRequestException(field, "must not be empty");
        }

        if (requestId.Length > MaxRequestIdLength)
        {
            throw new FlexibilityRequestException(field, $"is {requestId.Length} characters long; at most {MaxRequestIdLength} are allowed");
        }

        foreach (var c in requestId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                throw new FlexibilityRequestException(field, $"contains '{c}'; only A-Z, a-z, 0-9 and . _ : - are allowed");
            }
        }

        return requestId;
    }

    private static DateTimeOffset CheckWholeSeconds(DateTimeOffset time, string field)
    {
        var utc = time.ToUniversalTime();
        if (utc.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new FlexibilityRequestException(field, "must be a whole second");
        }

        return utc;
    }

    private static void CheckWei(BigInteger value, string field)
    {
        if (value < 0 || value > MaxWeiPerKwh)
        {
            throw new FlexibilityRequestException(field, $"{value} is outside 0 to {MaxWeiPerKwh} token base units per kWh");
        }
    }
}
