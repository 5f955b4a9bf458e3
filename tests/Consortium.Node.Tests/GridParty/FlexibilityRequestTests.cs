using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Consortium.Contracts.Chain;
using Consortium.Dispatch;
using Consortium.Node.DispatchEvents;
using Consortium.Node.GridParty;
using Nethereum.Signer;

namespace Consortium.Node.Tests.GridParty;

public class FlexibilityRequestTests
{
    // Fixed test keys (never used anywhere real), so every run signs the same bytes with the same keys.
    private static readonly ChainAccount GridParty = ChainAccount.FromPrivateKey(new string('1', 64));
    private static readonly ChainAccount Stranger = ChainAccount.FromPrivateKey(new string('2', 64));

    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private static readonly RequestDomain Domain = new(31337, ChainAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    private static readonly DispatchSettlementRule Terms = DispatchSettlementRule.Default;

    private static FlexibilityRequest Request(ChainAccount? party = null, int steps = 96) => new(
        "req-2026-11-27.a",
        (party ?? GridParty).Address,
        Domain,
        IssuedAt,
        Start,
        Enumerable.Range(0, steps).Select(t => Math.Round(500 + 250 * Math.Sin(2 * Math.PI * t / 96) + t * 0.1, 3)),
        0.30,
        Terms);

    private static string SignedJson(ChainAccount? party = null) =>
        FlexibilityRequestCodec.Sign(Request(party), party ?? GridParty).ToJson();

    private static string Mutate(string json, Action<JsonObject> change)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        change(document);
        return document.ToJsonString();
    }

    private static FlexibilityRequestException Refused(string json, FlexibilityRequestPolicy? policy = null)
    {
        var error = Assert.Throws<FlexibilityRequestException>(() => FlexibilityRequestCodec.Parse(json, policy));
        Assert.Contains(error.Field, error.Message);
        return error;
    }

    [Fact]
    public void SignSerializeParseRecoversTheSignerAndTheRequest()
    {
        var request = Request();
        var signed = FlexibilityRequestCodec.Sign(request, GridParty);
        var json = signed.ToJson();

        var parsed = FlexibilityRequestCodec.Parse(json);

        Assert.Equal(GridParty.Address, parsed.Signer);
        Assert.Equal(request, parsed.Request);
        Assert.Equal(signed.Signature, parsed.Signature);
        Assert.Equal(request.RequestHash, parsed.RequestHash);
        Assert.Equal(json, parsed.ToJson());
        Assert.EndsWith($",\"signature\":\"{signed.Signature}\"}}", json);
    }

    [Fact]
    public void FieldOrderAndWhiteSpaceOfTheReceivedDocumentDoNotMatter()
    {
        var json = SignedJson();
        var node = JsonNode.Parse(json)!.AsObject();
        var reordered = new JsonObject();
        foreach (var name in node.Select(p => p.Key).Reverse().ToList())
        {
            var value = node[name];
            node.Remove(name);
            reordered[name] = value;
        }

        var pretty = reordered.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        Assert.Equal(GridParty.Address, FlexibilityRequestCodec.Parse(pretty).Signer);
    }

    [Fact]
    public void TheCanonicalFormIsFixedAndIndependentOfTheCulture()
    {
        var request = new FlexibilityRequest("r1", GridParty.Address, Domain, IssuedAt, Start, [1.5, -0.1, 0.001, 1234567.25], 0.3, Terms);
        var expected =
            "{\"version\":2,\"requestId\":\"r1\",\"gridParty\":\"" + GridParty.Address + "\",\"chainId\":31337,\"dispatchLedger\":\"" + Domain.DispatchLedger + "\"," +
            "\"issuedAt\":\"2026-11-26T10:00:00Z\",\"start\":\"2026-11-27T00:00:00Z\",\"stepMinutes\":15,\"horizonSteps\":4," +
            "\"targetKw\":[1.5,-0.1,0.001,1234567.25],\"deviationPenaltyPerKwh\":0.3,\"rewardWeiPerKwh\":\"1000000000000000\"," +
            "\"penaltyWeiPerKwh\":\"10000000000000000\",\"toleranceBps\":200,\"toleranceWh\":500}";

        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(expected, Encoding.UTF8.GetString(request.CanonicalBytes()));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

    }

    [Fact]
    public void TheSignatureIsEip712OverTheTypedDataAndTheDigestIsTheLedgersEncoding()
    {
        var request = Request();
        var signed = FlexibilityRequestCodec.Sign(request, GridParty);

        // Nethereum's typed-data digest equals the word-by-word encoding of the terms the ledger hashes.
        Assert.Equal(request.RequestHash, FlexibilityRequestTypedData.Digest(request.Terms(), Domain));
        var raw = new EthECKey(GridParty.PrivateKey[2..]).SignAndCalculateV(request.RequestHash.ToArray());
        Assert.Equal(GridParty.Address, FlexibilityRequestTypedData.RecoverDigest(request.RequestHash, signed.Signature));
        Assert.Equal(GridParty.Address.ToString(), EthECKey.RecoverFromSignature(raw, request.RequestHash.ToArray()).GetPublicAddress(), ignoreCase: true);

        // The domain is part of what is signed: the same request for another ledger or chain is another request.
        var elsewhere = new FlexibilityRequest(request.RequestId, request.GridParty, Domain with { ChainId = 1 }, IssuedAt, Start, request.TargetKw, 0.30, Terms);
        Assert.NotEqual(request.RequestHash, elsewhere.RequestHash);
        Assert.NotEqual(
            request.RequestHash,
            new FlexibilityRequest(request.RequestId, request.GridParty, Domain with { DispatchLedger = Stranger.Address }, IssuedAt, Start, request.TargetKw, 0.30, Terms).RequestHash);
    }

    [Fact]
    public void ATamperedTargetValueIsAWrongSignature()
    {
        var json = Mutate(SignedJson(), d => d["targetKw"]![17] = 9999.5);

        var error = Refused(json);

        Assert.Equal("signature", error.Field);
        Assert.Contains("wrong signature", error.Message);
    }

    [Fact]
    public void ATamperedTermIsAWrongSignature()
    {
        Assert.Equal("signature", Refused(Mutate(SignedJson(), d => d["rewardWeiPerKwh"] = "2000000000000000")).Field);
        Assert.Equal("signature", Refused(Mutate(SignedJson(), d => d["toleranceBps"] = 900)).Field);
        Assert.Equal("signature", Refused(Mutate(SignedJson(), d => d["chainId"] = 1)).Field);
    }

    [Fact]
    public void ASignatureByAnotherKeyClaimingTheGridPartyIsAWrongSignature()
    {
        var request = Request();
        var forged = FlexibilityRequestTypedData.Sign(request, Stranger);
        var json = Mutate(SignedJson(), d => d["signature"] = forged);

        var error = Refused(json);

        Assert.Equal("signature", error.Field);
        Assert.Contains("wrong signature", error.Message);
        Assert.Contains(Stranger.Address.ToString(), error.Message);
    }

    [Fact]
    public void ARequestSignedByAnUntrustedPartyIsRejectedAndATrustedOneAccepted()
    {
        var trusted = new FlexibilityRequestPolicy(new HashSet<ChainAddress> { GridParty.Address });

        var error = Refused(SignedJson(Stranger), trusted);

        Assert.Equal("gridParty", error.Field);
        Assert.Contains("not a trusted grid party", error.Message);
        Assert.Equal(GridParty.Address, FlexibilityRequestCodec.Parse(SignedJson(), trusted).Signer);
    }

    [Fact]
    public void SigningWithAKeyThatIsNotTheGridPartysIsRefused()
    {
        Assert.Throws<ArgumentException>(() => FlexibilityRequestCodec.Sign(Request(), Stranger));
    }

    [Fact]
    public void AHighSSignatureIsRejectedEvenThoughItRecoversTheSameAddress()
    {
        var json = SignedJson();
        var signature = FlexibilityRequestCodec.Parse(json).Signature;
        var bytes = Convert.FromHexString(signature[2..]);
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var s = new BigInteger(bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        (n - s).TryWriteBytes(bytes.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: true);
        bytes[64] = (byte)(bytes[64] == 27 ? 28 : 27);
        var malleated = "0x" + Convert.ToHexStringLower(bytes);
        Assert.Equal(GridParty.Address.ToString(), FlexibilityRequestTypedData.Recover(Request(), malleated), ignoreCase: true);

        var error = Refused(Mutate(json, d => d["signature"] = malleated));

        Assert.Equal("signature", error.Field);
    }

    public static TheoryData<string, string> Faults() => new()
    {
        { "wrong length", "targetKw" },
        { "NaN as a string", "targetKw" },
        { "number too large", "targetKw" },
        { "null target value", "targetKw" },
        { "target not an array", "targetKw" },
        { "target beyond 10 GW", "targetKw" },
        { "negative horizon", "horizonSteps" },
        { "zero horizon", "horizonSteps" },
        { "horizon over a week", "horizonSteps" },
        { "fractional horizon", "horizonSteps" },
        { "missing reward", "rewardWeiPerKwh" },
        { "missing signature", "signature" },
        { "unknown field", "comment" },
        { "duplicate field", "requestId" },
        { "negative reward", "rewardWeiPerKwh" },
        { "reward as a number", "rewardWeiPerKwh" },
        { "reward with a leading zero", "rewardWeiPerKwh" },
        { "tolerance over 100 %", "toleranceBps" },
        { "target below a watt", "targetKw" },
        { "penalty with seven decimals", "deviationPenaltyPerKwh" },
        { "zero ledger", "dispatchLedger" },
        { "chain id as a string", "chainId" },
        { "negative penalty", "deviationPenaltyPerKwh" },
        { "zero penalty", "deviationPenaltyPerKwh" },

        { "malformed JSON", FlexibilityRequestException.DocumentField },
        { "not an object", FlexibilityRequestException.DocumentField },
        { "empty document", FlexibilityRequestException.DocumentField },
        { "bad hex signature", "signature" },
        { "short signature", "signature" },
        { "recovery id 29", "signature" },
        { "signature not a string", "signature" },
        { "version 1", "version" },
        { "30-minute steps", "stepMinutes" },
        { "bad address", "gridParty" },
        { "bad address checksum", "gridParty" },
        { "zero address", "gridParty" },
        { "start before issue", "start" },
        { "start off the quarter hour", "start" },
        { "time with an offset", "issuedAt" },
        { "request id with a space", "requestId" },
        { "empty request id", "requestId" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void EachFaultIsRejectedNamingTheField(string fault, string field)
    {
        var json = SignedJson();
        var bad = fault switch
        {
            "wrong length" => Mutate(json, d => d["targetKw"]!.AsArray().RemoveAt(95)),
            "NaN as a string" => Mutate(json, d => d["targetKw"]![3] = "NaN"),
            "number too large" => Mutate(json, d => d["targetKw"]![3] = JsonNode.Parse("1e400")),
            "null target value" => Mutate(json, d => d["targetKw"]![3] = null),
            "target not an array" => Mutate(json, d => d["targetKw"] = 5),
            "target beyond 10 GW" => Mutate(json, d => d["targetKw"]![3] = 2e7),
            "negative horizon" => Mutate(json, d => d["horizonSteps"] = -96),
            "zero horizon" => Mutate(json, d => d["horizonSteps"] = 0),
            "horizon over a week" => Mutate(json, d => d["horizonSteps"] = 7 * 96 + 1),
            "fractional horizon" => Mutate(json, d => d["horizonSteps"] = 96.5),
            "missing reward" => Mutate(json, d => d.Remove("rewardWeiPerKwh")),
            "missing signature" => Mutate(json, d => d.Remove("signature")),
            "unknown field" => Mutate(json, d => d["comment"] = "hello"),
            "duplicate field" => json.Replace("\"requestId\":", "\"requestId\":\"again\",\"requestId\":", StringComparison.Ordinal),
            "negative reward" => Mutate(json, d => d["rewardWeiPerKwh"] = "-1"),
            "reward as a number" => Mutate(json, d => d["rewardWeiPerKwh"] = 1000),
            "reward with a leading zero" => Mutate(json, d => d["rewardWeiPerKwh"] = "01000"),
            "tolerance over 100 %" => Mutate(json, d => d["toleranceBps"] = 10_001),
            "target below a watt" => Mutate(json, d => d["targetKw"]![3] = 1.0005),
            "penalty with seven decimals" => Mutate(json, d => d["deviationPenaltyPerKwh"] = 0.1234567),
            "zero ledger" => Mutate(json, d => d["dispatchLedger"] = "0x0000000000000000000000000000000000000000"),
            "chain id as a string" => Mutate(json, d => d["chainId"] = "31337"),
            "negative penalty" => Mutate(json, d => d["deviationPenaltyPerKwh"] = -1),
            "zero penalty" => Mutate(json, d => d["deviationPenaltyPerKwh"] = 0),
            "malformed JSON" => json[..^10],
            "not an object" => "[1,2,3]",
            "empty document" => "  ",
            "bad hex signature" => Mutate(json, d => d["signature"] = "0x" + new string('z', 130)),
            "short signature" => Mutate(json, d => d["signature"] = "0x" + new string('a', 128)),
            "recovery id 29" => Mutate(json, d => d["signature"] = d["signature"]!.GetValue<string>()[..^2] + "1d"),
            "signature not a string" => Mutate(json, d => d["signature"] = 12),
            "version 1" => Mutate(json, d => d["version"] = 1),
            "30-minute steps" => Mutate(json, d => d["stepMinutes"] = 30),
            "bad address" => Mutate(json, d => d["gridParty"] = "0x1234"),
            "bad address checksum" => Mutate(json, d => d["gridParty"] = FlipCase(GridParty.Address.ToString())),
            "zero address" => Mutate(json, d => d["gridParty"] = "0x0000000000000000000000000000000000000000"),
            "start before issue" => Mutate(json, d => d["start"] = "2026-11-26T09:45:00Z"),
            "start off the quarter hour" => Mutate(json, d => d["start"] = "2026-11-27T00:05:00Z"),
            "time with an offset" => Mutate(json, d => d["issuedAt"] = "2026-11-26T11:00:00+01:00"),
            "request id with a space" => Mutate(json, d => d["requestId"] = "req 1"),
            "empty request id" => Mutate(json, d => d["requestId"] = ""),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
        };

        var error = Refused(bad);

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void AnAllLowercaseAddressIsAccepted()
    {
        var json = Mutate(SignedJson(), d => d["gridParty"] = GridParty.Address.ToString().ToLowerInvariant());
        Assert.Equal(GridParty.Address, FlexibilityRequestCodec.Parse(json).Signer);
    }

    [Fact]
    public void WithAClockAnExpiredRequestAndOneFromTheFutureAreRejected()
    {
        var json = SignedJson();

        Assert.Equal("start", Refused(json, new FlexibilityRequestPolicy(Now: Start)).Field);
        Assert.Equal("issuedAt", Refused(json, new FlexibilityRequestPolicy(Now: IssuedAt.AddMinutes(-6))).Field);
        Assert.NotNull(FlexibilityRequestCodec.Parse(json, new FlexibilityRequestPolicy(Now: IssuedAt.AddMinutes(-4))));
        Assert.NotNull(FlexibilityRequestCodec.Parse(json, new FlexibilityRequestPolicy(Now: Start.AddSeconds(-1))));
    }

    [Fact]
    public void TheConstructorAppliesTheSameRules()
    {
        var nan = Assert.Throws<FlexibilityRequestException>(() =>
            new FlexibilityRequest("r", GridParty.Address, Domain, IssuedAt, Start, [1, double.NaN], 0.3, Terms));
        Assert.Equal("targetKw", nan.Field);
        Assert.Contains("step 1", nan.Message);

        var empty = Assert.Throws<FlexibilityRequestException>(() =>
            new FlexibilityRequest("r", GridParty.Address, Domain, IssuedAt, Start, [], 0.3, Terms));
        Assert.Equal("horizonSteps", empty.Field);

        var subSecond = Assert.Throws<FlexibilityRequestException>(() =>
            new FlexibilityRequest("r", GridParty.Address, Domain, IssuedAt.AddMilliseconds(5), Start, [1], 0.3, Terms));
        Assert.Equal("issuedAt", subSecond.Field);

        var fractionalTolerance = Assert.Throws<FlexibilityRequestException>(() =>
            new FlexibilityRequest("r", GridParty.Address, Domain, IssuedAt, Start, [1], 0.3, Terms with { RelativeTolerance = 0.00005 }));
        Assert.Equal("toleranceBps", fractionalTolerance.Field);
        var hugeReward = Assert.Throws<FlexibilityRequestException>(() =>
            new FlexibilityRequest("r", GridParty.Address, Domain, IssuedAt, Start, [1], 0.3, Terms with { RewardWeiPerKwh = BigInteger.Pow(10, 22) }));
        Assert.Equal("rewardWeiPerKwh", hugeReward.Field);
    }

    [Fact]
    public void TheTargetCarriesTheRequestsPenaltyIntoTheCostModel()
    {
        var request = Request();

        var target = request.ToTarget(new DispatchCosts(WearCostPerKwh: 0.07));
        target.TargetKw[0] = -1;

        Assert.Equal(0.30, target.Costs.DeviationPenaltyPerKwh);
        Assert.Equal(0.07, target.Costs.WearCostPerKwh);
        target.Costs.Validate();
        Assert.NotEqual(-1, request.TargetKw[0]);
        Assert.Equal(96, request.ToFleetRequest([SmallFleets.AllDay(2)]).HorizonSteps);
    }

    private static string FlipCase(string address) =>
        "0x" + string.Concat(address[2..].Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
}
