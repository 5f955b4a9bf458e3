using Consortium.Contracts.Chain;
using Consortium.Dispatch;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.GridParty;

namespace Consortium.Node.Tests.GridParty;

/// <summary>The demo's grid party signs the target it asks for, and the request parses back as an operator would read it.</summary>
public sealed class GridPartyRequestTests
{
    private static readonly ChainAccount GridParty = ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty);

    [Fact]
    public void TheRequestIsSignedForTheNextDayAndParsesBackToTheSameHash()
    {
        var now = new DateTimeOffset(2026, 5, 3, 14, 7, 31, 500, TimeSpan.Zero);
        var target = Enumerable.Range(0, 96).Select(t => 100 + (t * 0.1)).ToArray();
        var costs = DispatchCosts.Default with { DeviationPenaltyPerKwh = 0.7 };

        var signed = DispatchEventRunner.SignRequest(target, costs, 0.12, GridParty, now);

        Assert.Equal(GridParty.Address, signed.Signer);
        Assert.Equal(GridParty.Address, signed.Request.GridParty);
        Assert.Equal(new DateTimeOffset(2026, 5, 3, 14, 7, 31, TimeSpan.Zero), signed.Request.IssuedAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero), signed.Request.Start);
        Assert.Equal(target, signed.Request.TargetKw.ToArray());
        Assert.Equal(0.7, signed.Request.DeviationPenaltyPerKwh);
        Assert.Equal(0.12, signed.Request.PricePerKwh);
        Assert.Equal(Keccak.Hash(signed.Request.CanonicalBytes()), signed.RequestHash);

        // What an auditor reads from the report: the document alone gives back the request, its signer and its hash.
        var parsed = FlexibilityRequestCodec.Parse(signed.ToJson());
        Assert.Equal(signed.RequestHash, parsed.RequestHash);
        Assert.Equal(signed.Request, parsed.Request);

        // Another grid party's operators would refuse it, and each request is its own (ids differ, so hashes do).
        var stranger = ChainAccount.FromPrivateKey(new string('3', 64)).Address;
        var refused = Assert.Throws<FlexibilityRequestException>(
            () => FlexibilityRequestCodec.Parse(signed.ToJson(), new FlexibilityRequestPolicy(new HashSet<ChainAddress> { stranger })));
        Assert.Equal(FlexibilityRequestFields.GridParty, refused.Field);
        Assert.NotEqual(signed.RequestHash, DispatchEventRunner.SignRequest(target, costs, 0.12, GridParty, now).RequestHash);
    }

    [Fact]
    public void ATargetBreakingTheRequestRulesIsNotSigned()
    {
        var target = new double[96];
        target[10] = double.NaN;
        var error = Assert.Throws<FlexibilityRequestException>(() => DispatchEventRunner.SignRequest(target, DispatchCosts.Default, 0, GridParty, DateTimeOffset.UtcNow));
        Assert.Equal(FlexibilityRequestFields.TargetKw, error.Field);
    }
}
