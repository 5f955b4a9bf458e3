using System.Globalization;
using System.Security.Cryptography;
using Consortium.Contracts.Chain;
using Consortium.Dispatch.DayAhead;
using Consortium.Node.DispatchEvents;

namespace Consortium.Node.GridParty;

/// <summary>
/// A grid party's side of a dispatch: it holds the grid party's key, shapes its target from what the consortium shares in
/// aggregate (the fleets' summed uncontrolled profile and discharge capacity, never a vehicle), and signs the request
/// with its terms for one consortium's ledger. The coordinator only carries what this signs; it holds no grid key.
/// </summary>
/// <param name="key">The grid party's key (its address must be registered as a grid party on chain).</param>
/// <param name="domain">The consortium the requests are for.</param>
/// <param name="shaping">How the target is shaped from the aggregate.</param>
/// <param name="deviationPenaltyPerKwh">What each kWh of deviation costs the grid party (at most six decimals).</param>
/// <param name="settlement">The terms each operator is paid and penalised under.</param>
public sealed class GridPartyDesk(ChainAccount key, RequestDomain domain, PeakShavingPolicy shaping, double deviationPenaltyPerKwh, DispatchSettlementRule settlement)
{
    /// <summary>The grid party's address.</summary>
    public ChainAddress Address => key.Address;

    /// <summary>How the target is shaped.</summary>
    public PeakShavingPolicy Shaping => shaping;

    /// <summary>
    /// The confidence at which the desk keeps its requests within the consortium's day-ahead offer (see
    /// <see cref="FlexibilityForecast.Fit"/>): 0.9, the coordinator's check by default.
    /// </summary>
    public double OfferConfidence { get; init; } = 0.9;

    /// <summary>Where the desk says how much of its policy the consortium's offer held (nothing by default).</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>
    /// Shapes the target from the consortium's aggregate, keeps it within the consortium's offer (the grid party asks
    /// only for what the fleets offer; see <see cref="Shape"/>), and signs it (see <see cref="Sign"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The profiles do not fit the shaping (see <see cref="PeakShavingPolicy.Build"/>) or the offer.</exception>
    public SignedFlexibilityRequest Request(DayAheadSurvey survey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var (target, share) = Shape(survey);
        if (survey.Offer is not null)
        {
            Log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  grid party: the offer holds {share:P0} of its policy (defer {share * shaping.DeferShare:P0} of the peak's charging, export {share * shaping.ExportShare:P0} of the V2G capacity)"));
        }

        return Sign(target, now);
    }

    /// <summary>
    /// The target the desk asks for and the share of its policy it keeps: the policy's target moved into the offer's
    /// power and cumulative energy bounds (<see cref="FlexibilityForecast.Fit"/>); where that still leaves the offer (the
    /// energy within some interval of steps, such as an evening whose vehicles come and go within it), the largest share
    /// of the policy's deferral and export, to 1 %, whose fitted target lies within the offer, or none of it (the fleets'
    /// uncontrolled profile, fitted) when no share does. Without an offer, the policy's target, share 1.
    /// </summary>
    /// <exception cref="ArgumentException">The profiles do not fit the shaping (see <see cref="PeakShavingPolicy.Build"/>) or the offer.</exception>
    public (double[] TargetKw, double Share) Shape(DayAheadSurvey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        double[] Shaped(double share) =>
            (shaping with { DeferShare = share * shaping.DeferShare, ExportShare = share * shaping.ExportShare }).Build(survey.UncontrolledKw, survey.DischargeCapacityKw);
        if (survey.Offer is not { } offer)
        {
            return (Shaped(1), 1);
        }

        // Percent of the policy: the whole of it where the offer holds it, else the largest share it holds, else none.
        double[]? Within(int percent)
        {
            var fitted = offer.Fit(Shaped(percent / 100.0), OfferConfidence);
            return offer.Check(fitted, OfferConfidence).Within ? fitted : null;
        }

        if (Within(100) is { } whole)
        {
            return (whole, 1);
        }

        if (Within(0) is not { } best)
        {
            return (offer.Fit(Shaped(0), OfferConfidence), 0);
        }

        var (within, outside) = (0, 100);
        while (outside - within > 1)
        {
            var mid = (within + outside) / 2;
            if (Within(mid) is { } fitted)
            {
                (within, best) = (mid, fitted);
            }
            else
            {
                outside = mid;
            }
        }

        return (best, within / 100.0);
    }

    /// <summary>
    /// The grid party's request for <paramref name="targetKw"/> (rounded to whole watts): for the day from the next UTC
    /// midnight, issued at <paramref name="now"/> (whole seconds), with this desk's deviation price and settlement terms,
    /// signed as EIP-712 typed data and parsed back from its JSON as an operator would read it.
    /// </summary>
    /// <exception cref="FlexibilityRequestException">The target breaks a request rule (for example a non-finite value).</exception>
    public SignedFlexibilityRequest Sign(IReadOnlyList<double> targetKw, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(targetKw);
        var issuedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var start = new DateTimeOffset(issuedAt.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var requestId = string.Create(
            CultureInfo.InvariantCulture, $"grid-{issuedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        var watts = targetKw.Select(kw => double.IsFinite(kw) ? Math.Round(kw * 1000) / 1000 : kw);
        var request = new FlexibilityRequest(requestId, key.Address, domain, issuedAt, start, watts, deviationPenaltyPerKwh, settlement);
        var json = FlexibilityRequestCodec.Sign(request, key).ToJson();
        return FlexibilityRequestCodec.Parse(json, new FlexibilityRequestPolicy(new HashSet<ChainAddress> { key.Address }, now));
    }
}
