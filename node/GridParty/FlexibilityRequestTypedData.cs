using System.Numerics;
using System.Text;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Nethereum.ABI.EIP712;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace Consortium.Node.GridParty;

/// <summary>
/// A flexibility request as EIP-712 typed data (Nethereum.Signer.EIP712): primary type <c>FlexibilityRequest</c> in the
/// domain of the consortium's dispatch ledger. A wallet shows every field to the grid party before it signs; the dispatch
/// ledger recomputes the same digest on chain (<c>requestDigest</c>) and checks the signature before it opens an event.
/// </summary>
/// <remarks>
/// <code>
/// FlexibilityRequest(string requestId,address gridParty,uint64 issuedAt,uint64 start,uint32 stepMinutes,
///   uint32 horizonSteps,int64[] targetW,uint256 deviationPenaltyMicrosPerKwh,uint256 rewardWeiPerKwh,
///   uint256 penaltyWeiPerKwh,uint32 toleranceBps,uint32 toleranceWh)
/// EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)  name "Consortium dispatch", version "1"
/// </code>
/// </remarks>
public static class FlexibilityRequestTypedData
{
    /// <summary>The EIP-712 digest of <paramref name="request"/>: Keccak-256 of 0x1901 ‖ domain separator ‖ struct hash.</summary>
    public static Hash32 Digest(FlexibilityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Hash32(Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(Message(request), TypedData(request.Domain)));
    }

    /// <summary>The grid party's signature over the request: r ‖ s ‖ v (v 27 or 28) as 0x and 130 hex digits.</summary>
    public static string Sign(FlexibilityRequest request, ChainAccount gridPartyKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(gridPartyKey);
        return Eip712TypedDataSigner.Current.SignTypedDataV4(Message(request), TypedData(request.Domain), new EthECKey(gridPartyKey.PrivateKey[2..]));
    }

    /// <summary>The address <paramref name="signature"/> over <paramref name="request"/> recovers to.</summary>
    public static string Recover(FlexibilityRequest request, string signature) =>
        Eip712TypedDataSigner.Current.RecoverFromSignatureV4(Message(request), TypedData(request.Domain), signature);

    /// <summary>The request as the dispatch ledger takes it (the same fields, id and targets by their EIP-712 encodings).</summary>
    public static FlexibilityTerms Terms(FlexibilityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new FlexibilityTerms(
            Keccak.Hash(Encoding.UTF8.GetBytes(request.RequestId)),
            request.GridParty,
            request.IssuedAt,
            request.Start,
            request.StepMinutes,
            request.HorizonSteps,
            TargetHash(request.TargetW()),
            request.DeviationPenaltyMicrosPerKwh,
            request.Settlement.RewardWeiPerKwh,
            request.Settlement.PenaltyWeiPerKwh,
            request.ToleranceBps,
            request.ToleranceWh);
    }

    /// <summary>The EIP-712 type string of the request (its Keccak-256 is the type hash).</summary>
    public const string TypeString =
        "FlexibilityRequest(string requestId,address gridParty,uint64 issuedAt,uint64 start,uint32 stepMinutes,uint32 horizonSteps,"
        + "int64[] targetW,uint256 deviationPenaltyMicrosPerKwh,uint256 rewardWeiPerKwh,uint256 penaltyWeiPerKwh,uint32 toleranceBps,uint32 toleranceWh)";

    /// <summary>
    /// The EIP-712 digest of <paramref name="terms"/> under <paramref name="domain"/>, encoded word by word as the dispatch
    /// ledger encodes it (the id and targets enter as their hashes): for a reader that holds the terms, not the request.
    /// </summary>
    public static Hash32 Digest(FlexibilityTerms terms, RequestDomain domain)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(domain);
        var structHash = Keccak.Hash(Words(
            Keccak.Hash(Encoding.UTF8.GetBytes(TypeString)).ToArray(),
            terms.RequestIdHash.ToArray(),
            Word(terms.GridParty),
            Word(new BigInteger(terms.IssuedAt.ToUnixTimeSeconds())),
            Word(new BigInteger(terms.Start.ToUnixTimeSeconds())),
            Word(new BigInteger(terms.StepMinutes)),
            Word(new BigInteger(terms.HorizonSteps)),
            terms.TargetHash.ToArray(),
            Word(terms.DeviationPenaltyMicrosPerKwh),
            Word(terms.RewardWeiPerKwh),
            Word(terms.PenaltyWeiPerKwh),
            Word(new BigInteger(terms.ToleranceBps)),
            Word(new BigInteger(terms.ToleranceWh))));
        var domainSeparator = Keccak.Hash(Words(
            Keccak.Hash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"u8).ToArray(),
            Keccak.Hash(Encoding.UTF8.GetBytes(RequestDomain.Name)).ToArray(),
            Keccak.Hash(Encoding.UTF8.GetBytes(RequestDomain.Version)).ToArray(),
            Word(new BigInteger(domain.ChainId)),
            Word(domain.DispatchLedger)));
        return Keccak.Hash([0x19, 0x01, .. domainSeparator.ToArray(), .. structHash.ToArray()]);
    }

    /// <summary>The address a 65-byte signature (r ‖ s ‖ v) over <paramref name="digest"/> recovers to.</summary>
    public static ChainAddress RecoverDigest(Hash32 digest, string signature) =>
        ChainAddress.Parse(Eip712TypedDataSigner.Current.RecoverFromSignatureHashV4(digest.ToArray(), signature));

    private static byte[] Words(params byte[][] words) => [.. words.SelectMany(word => word)];

    private static byte[] Word(BigInteger value)
    {
        var word = new byte[32];
        value.TryWriteBytes(word, out var written, isUnsigned: true, isBigEndian: true);
        return [.. word.AsSpan(written), .. word.AsSpan(0, written)];
    }

    private static byte[] Word(ChainAddress address) => [.. new byte[12], .. Convert.FromHexString(address.ToString().AsSpan(2))];

    /// <summary>EIP-712's encoding of an <c>int64[]</c>: Keccak-256 of the values, each sign-extended to a 32-byte word.</summary>
    public static Hash32 TargetHash(IReadOnlyList<long> targetW)
    {
        ArgumentNullException.ThrowIfNull(targetW);
        var words = new byte[32 * targetW.Count];
        for (var t = 0; t < targetW.Count; t++)
        {
            var word = words.AsSpan(32 * t, 32);
            word.Fill(targetW[t] < 0 ? (byte)0xff : (byte)0);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(word[24..], targetW[t]);
        }

        return Keccak.Hash(words);
    }

    private static TypedData<Domain> TypedData(RequestDomain domain) => new()
    {
        Domain = new Domain
        {
            Name = RequestDomain.Name,
            Version = RequestDomain.Version,
            ChainId = domain.ChainId,
            VerifyingContract = domain.DispatchLedger.ToString(),
        },
        Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(FlexibilityRequestMessage)),
        PrimaryType = "FlexibilityRequest",
    };

    private static FlexibilityRequestMessage Message(FlexibilityRequest request) => new()
    {
        RequestId = request.RequestId,
        GridParty = request.GridParty.ToString(),
        IssuedAt = (ulong)request.IssuedAt.ToUnixTimeSeconds(),
        Start = (ulong)request.Start.ToUnixTimeSeconds(),
        StepMinutes = (uint)request.StepMinutes,
        HorizonSteps = (uint)request.HorizonSteps,
        TargetW = [.. request.TargetW()],
        DeviationPenaltyMicrosPerKwh = request.DeviationPenaltyMicrosPerKwh,
        RewardWeiPerKwh = request.Settlement.RewardWeiPerKwh,
        PenaltyWeiPerKwh = request.Settlement.PenaltyWeiPerKwh,
        ToleranceBps = (uint)request.ToleranceBps,
        ToleranceWh = (uint)request.ToleranceWh,
    };

    /// <summary>The typed-data message; its field order and types are the FlexibilityRequest type above.</summary>
    [Struct("FlexibilityRequest")]
    private sealed class FlexibilityRequestMessage
    {
        [Parameter("string", "requestId", 1)]
        public string RequestId { get; set; } = string.Empty;

        [Parameter("address", "gridParty", 2)]
        public string GridParty { get; set; } = string.Empty;

        [Parameter("uint64", "issuedAt", 3)]
        public ulong IssuedAt { get; set; }

        [Parameter("uint64", "start", 4)]
        public ulong Start { get; set; }

        [Parameter("uint32", "stepMinutes", 5)]
        public uint StepMinutes { get; set; }

        [Parameter("uint32", "horizonSteps", 6)]
        public uint HorizonSteps { get; set; }

        [Parameter("int64[]", "targetW", 7)]
        public List<long> TargetW { get; set; } = [];

        [Parameter("uint256", "deviationPenaltyMicrosPerKwh", 8)]
        public BigInteger DeviationPenaltyMicrosPerKwh { get; set; }

        [Parameter("uint256", "rewardWeiPerKwh", 9)]
        public BigInteger RewardWeiPerKwh { get; set; }

        [Parameter("uint256", "penaltyWeiPerKwh", 10)]
        public BigInteger PenaltyWeiPerKwh { get; set; }

        [Parameter("uint32", "toleranceBps", 11)]
        public uint ToleranceBps { get; set; }

        [Parameter("uint32", "toleranceWh", 12)]
        public uint ToleranceWh { get; set; }
    }
}
