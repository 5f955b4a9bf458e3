using System.Collections.Immutable;
using System.Globalization;
using Consortium.Dispatch;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Targets;

namespace Consortium.Node.GridParty;

/// <summary>
/// A grid party's request to the consortium: the aggregate power it wants at each 15-minute step from
/// <see cref="Start"/>, what it pays per kWh and what each kWh of deviation costs. Immutable; every instance has
/// passed the checks below, whether it was built in code or parsed from JSON.
/// </summary>
/// <remarks>
/// Rules (each violation throws <see cref="FlexibilityRequestException"/> naming the JSON field):
/// <list type="bullet">
/// <item><c>requestId</c>: 1–64 characters from <c>A–Z a–z 0–9 . _ : -</c> (so it needs no JSON escaping).</item>
/// <item><c>gridParty</c>: a non-zero address.</item>
/// <item><c>issuedAt</c> and <c>start</c>: whole seconds (they are written as <c>yyyy-MM-ddTHH:mm:ssZ</c>);
/// <c>start</c> on a quarter hour and strictly after <c>issuedAt</c> (a request cannot ask for the past).</item>
/// <item><c>horizonSteps</c> (the length of <c>targetKw</c>): 1 to <see cref="MaxHorizonSteps"/> (one week).</item>
/// <item><c>targetKw</c>: finite, within ±<see cref="MaxAbsTargetKw"/> kW (positive draws from the grid).</item>
/// <item><c>pricePerKwh</c> zero or more and <c>deviationPenaltyPerKwh</c> above zero (a free deviation asks nothing
/// of the fleets), both finite and at most <see cref="MaxPricePerKwh"/>.</item>
/// </list>
/// </remarks>
public sealed record FlexibilityRequest
{
    /// <summary>The only format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The only step length, in minutes (the dispatch works in 15-minute steps).</summary>
    public const int RequiredStepMinutes = 15;

    /// <summary>The longest horizon: seven days of 96 steps.</summary>
    public const int MaxHorizonSteps = 7 * 96;

    /// <summary>The largest target magnitude accepted, in kW (10 GW, far above any consortium).</summary>
    public const double MaxAbsTargetKw = 1e7;

    /// <summary>The largest price or penalty accepted, per kWh.</summary>
    public const double MaxPricePerKwh = 1e3;

    /// <summary>The longest request identifier.</summary>
    public const int MaxRequestIdLength = 64;

    /// <summary>The format timestamps are written in (UTC, whole seconds).</summary>
    public const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";

    /// <summary>Checks and builds a request; <paramref name="targetKw"/> is copied.</summary>
    /// <param name="requestId">The grid party's identifier of the request.</param>
    /// <param name="gridParty">The grid party's address, whose key must sign the request.</param>
    /// <param name="issuedAt">When the request was issued.</param>
    /// <param name="start">Start of the first step.</param>
    /// <param name="targetKw">Target aggregate power per step, in kW; its length is the horizon.</param>
    /// <param name="pricePerKwh">What the grid party pays per kWh delivered along the target.</param>
    /// <param name="deviationPenaltyPerKwh">What each kWh of deviation from the target costs.</param>
    /// <exception cref="FlexibilityRequestException">A value breaks a rule; the exception names the field.</exception>
    public FlexibilityRequest(
        string requestId,
        ChainAddress gridParty,
        DateTimeOffset issuedAt,
        DateTimeOffset start,
        IEnumerable<double> targetKw,
        double pricePerKwh,
        double deviationPenaltyPerKwh)
    {
        RequestId = CheckRequestId(requestId);
        if (gridParty.IsZero)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.GridParty, "the zero address cannot be a grid party");
        }

        GridParty = gridParty;
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
        }

        PricePerKwh = CheckPrice(pricePerKwh, FlexibilityRequestFields.PricePerKwh, zeroAllowed: true);
        DeviationPenaltyPerKwh = CheckPrice(deviationPenaltyPerKwh, FlexibilityRequestFields.DeviationPenaltyPerKwh, zeroAllowed: false);
    }

    /// <summary>Format version, always <see cref="CurrentVersion"/>.</summary>
    public int Version => CurrentVersion;

    /// <summary>The grid party's identifier of the request.</summary>
    public string RequestId { get; }

    /// <summary>The grid party's address.</summary>
    public ChainAddress GridParty { get; }

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

    /// <summary>What the grid party pays per kWh delivered along the target.</summary>
    public double PricePerKwh { get; }

    /// <summary>What each kWh of deviation from the target costs.</summary>
    public double DeviationPenaltyPerKwh { get; }

    /// <summary>End of the last step.</summary>
    public DateTimeOffset End => Start.AddMinutes(RequiredStepMinutes * HorizonSteps);

    /// <summary>
    /// Keccak-256 of <see cref="CanonicalBytes"/>: the request's identity on the ledger
    /// (what <c>DispatchLedger.openDispatch</c> commits).
    /// </summary>
    public Hash32 RequestHash => Keccak.Hash(CanonicalBytes());

    /// <summary>
    /// The bytes the grid party signs: the request as compact UTF-8 JSON, fields in the order of
    /// <see cref="FlexibilityRequestFields.Signed"/>, no white space, numbers in the invariant culture's round-trip
    /// form ("R"), the address in EIP-55 form and timestamps as <see cref="TimestampFormat"/>. The same request
    /// gives the same bytes on every machine.
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
        && IssuedAt == other.IssuedAt
        && Start == other.Start
        && PricePerKwh.Equals(other.PricePerKwh)
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
        hash.Add(PricePerKwh);
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

    private static double CheckPrice(double value, string field, bool zeroAllowed)
    {
        var low = zeroAllowed ? value >= 0 : value > 0;
        if (!(low && value <= MaxPricePerKwh))
        {
            var range = zeroAllowed ? "[0" : "(0";
            throw new FlexibilityRequestException(field, $"{value.ToString(CultureInfo.InvariantCulture)} is outside {range}, {MaxPricePerKwh:0}] per kWh");
        }

        return value;
    }
}
