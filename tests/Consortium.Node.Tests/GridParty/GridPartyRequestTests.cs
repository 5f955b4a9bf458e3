using Consortium.Contracts.Chain;
using Consortium.Dispatch;
using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.DayAhead;
using Consortium.Dispatch.Fleets;
using Consortium.Node.DispatchEvents;
using Consortium.Node.GridParty;

namespace Consortium.Node.Tests.GridParty;

/// <summary>The grid party's desk signs the target it asks for, and the request parses back as an operator would read it.</summary>
public sealed class GridPartyRequestTests
{
    private static readonly ChainAccount GridParty = ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty);
    private static readonly RequestDomain Domain = new(31337, ChainAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

    [Fact]
    public void TheRequestIsSignedForTheNextDayInWholeWattsAndParsesBackToTheSameHash()
    {
        var now = new DateTimeOffset(2026, 5, 3, 14, 7, 31, 500, TimeSpan.Zero);
        var target = Enumerable.Range(0, 96).Select(t => 100 + (t * 0.1) + 0.00042).ToArray();
        var rule = DispatchSettlementRule.Default with { PenaltyWeiPerKwh = 3 * DispatchSettlementRule.Default.PenaltyWeiPerKwh };
        var desk = new GridPartyDesk(GridParty, Domain, PeakShavingPolicy.Default, 0.7, rule);

        var signed = desk.Sign(target, now);

        Assert.Equal(GridParty.Address, signed.Signer);
        Assert.Equal(GridParty.Address, signed.Request.GridParty);
        Assert.Equal(Domain, signed.Request.Domain);
        Assert.Equal(new DateTimeOffset(2026, 5, 3, 14, 7, 31, TimeSpan.Zero), signed.Request.IssuedAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero), signed.Request.Start);
        Assert.Equal(target.Select(kw => Math.Round(kw, 3)), signed.Request.TargetKw.ToArray());
        Assert.Equal(0.7, signed.Request.DeviationPenaltyPerKwh);
        Assert.Equal(rule, signed.Request.Settlement);

        // What an auditor reads from the report: the document alone gives back the request, its signer and its hash.
        var parsed = FlexibilityRequestCodec.Parse(signed.ToJson());
        Assert.Equal(signed.RequestHash, parsed.RequestHash);
        Assert.Equal(signed.Request, parsed.Request);

        // Another grid party's operators would refuse it, and each request is its own (ids differ, so hashes do).
        var stranger = ChainAccount.FromPrivateKey(new string('3', 64)).Address;
        var refused = Assert.Throws<FlexibilityRequestException>(
            () => FlexibilityRequestCodec.Parse(signed.ToJson(), new FlexibilityRequestPolicy(new HashSet<ChainAddress> { stranger })));
        Assert.Equal(FlexibilityRequestFields.GridParty, refused.Field);
        Assert.NotEqual(signed.RequestHash, desk.Sign(target, now).RequestHash);
    }

    [Fact]
    public void TheDeskAsksTheLargestShareOfItsPolicyThatTheEveningsShortStaysCanTake()
    {
        // 20 vehicles plugged in 17:00–19:00 and 20 plugged in 17:00–24:00, each needing 10 kWh at 8 kW: the evening must
        // take the short stays' 200 kWh of the 400 kWh its uncontrolled charging takes, so at most half of it can be deferred.
        // 20 more, plugged in from 02:00 and needing 30 kWh, charge in the morning: by the evening the energy taken since
        // midnight is far above what the fleet must have taken, so the bounds from the day's start do not see the evening.
        const int steps = 96;
        var count = 60;
        var fleet = new Fleet(
            [.. Enumerable.Range(0, count).Select(i => i < 40 ? 68 : 8)], [.. Enumerable.Range(0, count).Select(i => i < 20 ? 76 : 96)],
            [.. Enumerable.Range(0, count).Select(i => i < 40 ? 10.0 : 30.0)], Fill(60.0), Fill(0.5), Fill(8.0), Fill(0.0), Fill(1.0), Fill(1.0), double.PositiveInfinity);
        var offer = FlexibilityForecast.Of([fleet], steps);
        var uncontrolled = DispatchBaselines.Uncontrolled(new FleetRequest(steps, new double[steps], [fleet])).AggregateKw;
        var desk = new GridPartyDesk(GridParty, Domain, PeakShavingPolicy.Default with { DeferShare = 0.8 }, 1, DispatchSettlementRule.Default);
        var survey = new DayAheadSurvey(uncontrolled, new double[steps], offer);
        var whole = desk.Shaping.Build(uncontrolled, new double[steps]);
        Assert.False(offer.Check(offer.Fit(whole)).Within);

        var (target, share) = desk.Shape(survey);

        Assert.Equal(0.62, share, 9);       // 0.625 of a deferral of 80 % is the half the long stays can take, to 1 %
        Assert.True(offer.Check(target).Within, offer.Check(target).Describe());
        Assert.Equal(400 * (1 - (0.62 * 0.8)), target.Skip(68).Take(16).Sum() * FleetRequest.StepHours, 6);
        Assert.Equal(1000, target.Sum() * FleetRequest.StepHours, 6);

        // Without an offer the policy is asked whole; a policy the offer holds is asked whole too.
        var asked = desk.Shape(survey with { Offer = null });
        Assert.Equal(whole, asked.TargetKw);
        Assert.Equal(1.0, asked.Share);
        Assert.Equal(1.0, new GridPartyDesk(GridParty, Domain, PeakShavingPolicy.Default with { DeferShare = 0.4 }, 1, DispatchSettlementRule.Default).Shape(survey).Share);

        double[] Fill(double value) => [.. Enumerable.Repeat(value, count)];
    }

    [Fact]
    public void ATargetBreakingTheRequestRulesIsNotSigned()
    {
        var target = new double[96];
        target[10] = double.NaN;
        var desk = new GridPartyDesk(GridParty, Domain, PeakShavingPolicy.Default, 1, DispatchSettlementRule.Default);
        var error = Assert.Throws<FlexibilityRequestException>(() => desk.Sign(target, DateTimeOffset.UtcNow));
        Assert.Equal(FlexibilityRequestFields.TargetKw, error.Field);
    }
}
