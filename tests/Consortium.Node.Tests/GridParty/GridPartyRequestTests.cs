using Consortium.Contracts.Chain;
using Consortium.Dispatch;
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
    public void ATargetBreakingTheRequestRulesIsNotSigned()
    {
        var target = new double[96];
        target[10] = double.NaN;
        var desk = new GridPartyDesk(GridParty, Domain, PeakShavingPolicy.Default, 1, DispatchSettlementRule.Default);
        var error = Assert.Throws<FlexibilityRequestException>(() => desk.Sign(target, DateTimeOffset.UtcNow));
        Assert.Equal(FlexibilityRequestFields.TargetKw, error.Field);
    }
}
