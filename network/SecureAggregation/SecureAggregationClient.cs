using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Consortium.Network.SecureAggregation;

/// <summary>
/// One member's side of a secure round (SecAgg+; Bell et al. 2020, after Bonawitz et al. 2017), step by step:
/// <list type="number">
/// <item><see cref="Advertise"/>: fresh X25519 keys for the round, signed with the member's chain key.</item>
/// <item><see cref="ShareKeys"/>: a fresh self-mask seed and the mask private key, each Shamir-shared t-of-k among the
/// neighbours and encrypted to each (AES-256-GCM under an X25519-agreed key).</item>
/// <item><see cref="MaskInput"/>: the input plus the self mask plus, for every neighbour that shared its keys, the
/// pairwise mask agreed with it (added towards higher indices, subtracted towards lower), all modulo 2³².</item>
/// <item><see cref="ConfirmSurvivors"/>: a signature over the set of members the coordinator says sent inputs.</item>
/// <item><see cref="Unmask"/>: once, for a set that enough survivors signed, the shares of each surviving neighbour's
/// self-mask seed and of each dropped neighbour's mask key, never both for one member.</item>
/// </list>
/// A step out of order, a forged key, a share not addressed to this member, a second unmask request or one that asks
/// for both kinds of share of a member is refused with <see cref="SecureAggregationException"/>.
/// </summary>
public sealed class SecureAggregationClient
{
    private readonly int _self;
    private readonly NeighbourGraph _graph;
    private readonly long _round;
    private readonly ISecureRoundIdentity _identity;
    private readonly Dictionary<int, MaskAdvertisement> _peers = [];
    private readonly Dictionary<int, (SecretShare Seed, SecretShare Key)> _held = [];
    private RoundKeys? _keys;
    private byte[]? _selfSeed;
    private IReadOnlyList<int>? _maskedWith;
    private IReadOnlyList<int>? _confirmed;
    private bool _unmasked;

    /// <summary>Member <paramref name="self"/> of <paramref name="graph"/> in round <paramref name="round"/>.</summary>
    public SecureAggregationClient(int self, NeighbourGraph graph, long round, ISecureRoundIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentOutOfRangeException.ThrowIfNegative(self);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(self, graph.Members);
        _self = self;
        _graph = graph;
        _round = round;
        _identity = identity;
    }

    /// <summary>Step 1: this member's signed public keys for the round.</summary>
    public MaskAdvertisement Advertise()
    {
        if (_keys is not null)
        {
            throw new SecureAggregationException($"member {_self} already advertised its keys for round {_round}");
        }

        _keys = RoundKeys.Generate();
        return new MaskAdvertisement(_self, _keys.EncryptionPublic, _keys.MaskPublic, _identity.Sign(AdvertisementMessage(_round, _self, _keys.EncryptionPublic, _keys.MaskPublic)));
    }

    /// <summary>Step 2: shares of this member's secrets for each neighbour that advertised, each encrypted to it.</summary>
    /// <param name="advertisements">The neighbours' advertisements, as the coordinator forwarded them.</param>
    public IReadOnlyList<ShareEnvelope> ShareKeys(IReadOnlyList<MaskAdvertisement> advertisements)
    {
        ArgumentNullException.ThrowIfNull(advertisements);
        var keys = _keys ?? throw new SecureAggregationException($"member {_self} shares keys only after advertising its own");
        if (_selfSeed is not null)
        {
            throw new SecureAggregationException($"member {_self} already shared its keys for round {_round}");
        }

        foreach (var advertisement in advertisements)
        {
            if (!_graph.AreNeighbours(_self, advertisement.Member))
            {
                throw new SecureAggregationException($"member {advertisement.Member} is not a neighbour of member {_self}");
            }

            if (advertisement.EncryptionPublic.Length != RoundKeys.KeyBytes || advertisement.MaskPublic.Length != RoundKeys.KeyBytes
                || !_identity.Verifies(advertisement.Member, AdvertisementMessage(_round, advertisement.Member, advertisement.EncryptionPublic, advertisement.MaskPublic), advertisement.Signature))
            {
                throw new SecureAggregationException($"the keys forwarded for member {advertisement.Member} are not signed by its chain key");
            }

            if (!_peers.TryAdd(advertisement.Member, advertisement))
            {
                throw new SecureAggregationException($"member {advertisement.Member} advertised twice");
            }
        }

        if (_peers.Count < _graph.Threshold)
        {
            throw new SecureAggregationException(
                $"only {_peers.Count} of member {_self}'s neighbours advertised keys; its secrets are shared {_graph.Threshold}-of-{_graph.Degree} and need at least {_graph.Threshold}");
        }

        _selfSeed = RandomNumberGenerator.GetBytes(MaskStream.SeedBytes);
        var recipients = _peers.Keys.Order().ToList();
        var points = recipients.Select(Point).ToList();
        var seedShares = ShamirSharing.Split(_selfSeed, _graph.Threshold, points);
        var keyShares = ShamirSharing.Split(keys.MaskPrivate, _graph.Threshold, points);
        var envelopes = new List<ShareEnvelope>(recipients.Count);
        for (var i = 0; i < recipients.Count; i++)
        {
            var to = recipients[i];
            var plaintext = new byte[1 + (2 * MaskStream.SeedBytes)];
            plaintext[0] = seedShares[i].X;
            seedShares[i].Value.CopyTo(plaintext, 1);
            keyShares[i].Value.CopyTo(plaintext, 1 + MaskStream.SeedBytes);
            var nonce = RandomNumberGenerator.GetBytes(12);
            var ciphertext = new byte[plaintext.Length + 16];
            using (var gcm = new AesGcm(ShareKey(keys.EncryptionPrivate, _peers[to].EncryptionPublic), 16))
            {
                gcm.Encrypt(nonce, plaintext, ciphertext.AsSpan(0, plaintext.Length), ciphertext.AsSpan(plaintext.Length), EnvelopeData(_round, _self, to));
            }

            CryptographicOperations.ZeroMemory(plaintext);
            envelopes.Add(new ShareEnvelope(_self, to, nonce, ciphertext));
        }

        return envelopes;
    }

    /// <summary>
    /// Step 3: keeps the shares its neighbours sent it and returns <paramref name="input"/> masked: the self mask and a
    /// pairwise mask with every neighbour whose shares arrived.
    /// </summary>
    /// <param name="input">The member's input in the ring (see <see cref="FixedPointEncoding"/>); not changed.</param>
    /// <param name="envelopes">The envelopes addressed to this member.</param>
    public MaskedInput MaskInput(ReadOnlySpan<uint> input, IReadOnlyList<ShareEnvelope> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var keys = _keys!;
        var selfSeed = _selfSeed ?? throw new SecureAggregationException($"member {_self} masks its input only after sharing its keys");
        if (_maskedWith is not null)
        {
            throw new SecureAggregationException($"member {_self} already sent its masked input for round {_round}");
        }

        foreach (var envelope in envelopes)
        {
            if (envelope.To != _self || !_peers.TryGetValue(envelope.From, out var sender))
            {
                throw new SecureAggregationException($"an envelope from member {envelope.From} to member {envelope.To} reached member {_self}");
            }

            if (envelope.Nonce.Length != 12 || envelope.Ciphertext.Length != 1 + (2 * MaskStream.SeedBytes) + 16)
            {
                throw new SecureAggregationException($"the envelope from member {envelope.From} is malformed");
            }

            var plaintext = new byte[envelope.Ciphertext.Length - 16];
            try
            {
                using var gcm = new AesGcm(ShareKey(keys.EncryptionPrivate, sender.EncryptionPublic), 16);
                gcm.Decrypt(envelope.Nonce, envelope.Ciphertext.AsSpan(0, plaintext.Length), envelope.Ciphertext.AsSpan(plaintext.Length), plaintext, EnvelopeData(_round, envelope.From, _self));
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new SecureAggregationException($"the envelope from member {envelope.From} does not open: altered, or not encrypted to member {_self}");
            }

            if (plaintext[0] != Point(_self) || !_held.TryAdd(envelope.From, (
                new SecretShare(plaintext[0], plaintext.AsSpan(1, MaskStream.SeedBytes).ToArray()),
                new SecretShare(plaintext[0], plaintext.AsSpan(1 + MaskStream.SeedBytes, MaskStream.SeedBytes).ToArray()))))
            {
                throw new SecureAggregationException($"member {envelope.From} sent member {_self} a share for another point, or twice");
            }
        }

        if (_held.Count < _graph.Threshold)
        {
            throw new SecureAggregationException($"only {_held.Count} of member {_self}'s neighbours shared their keys; a round needs at least {_graph.Threshold}");
        }

        var words = input.ToArray();
        MaskStream.Apply(selfSeed, words, 1);
        foreach (var neighbour in _held.Keys.Order())
        {
            MaskStream.Apply(PairSeed(_round, keys.MaskPrivate, _peers[neighbour].MaskPublic, _self, neighbour), words, _self < neighbour ? 1 : -1);
        }

        _maskedWith = [.. _held.Keys.Order()];
        return new MaskedInput(_self, words);
    }

    /// <summary>Step 4: this member's signature over the survivors, which must include it and enough of its neighbours.</summary>
    public SurvivorSignature ConfirmSurvivors(IReadOnlyList<int> survivors)
    {
        ArgumentNullException.ThrowIfNull(survivors);
        if (_maskedWith is null)
        {
            throw new SecureAggregationException($"member {_self} confirms survivors only after sending its masked input");
        }

        var set = Canonical(survivors);
        if (!set.Contains(_self))
        {
            throw new SecureAggregationException($"member {_self} sent its input but is not among the survivors");
        }

        if (_confirmed is not null && !_confirmed.SequenceEqual(set))
        {
            throw new SecureAggregationException($"member {_self} already confirmed another survivor set for round {_round}");
        }

        _confirmed = set;
        return new SurvivorSignature(_self, _identity.Sign(SurvivorMessage(_round, set)));
    }

    /// <summary>
    /// Step 5, once: the shares the request names, after checking that it names the survivors this member confirmed,
    /// that at least t of them signed that set, and that no member is both a survivor and dropped.
    /// </summary>
    public UnmaskReply Unmask(UnmaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var confirmed = _confirmed ?? throw new SecureAggregationException($"member {_self} reveals shares only after confirming the survivors");
        if (_unmasked)
        {
            throw new SecureAggregationException($"member {_self} already revealed its shares for round {_round}");
        }

        var survivors = Canonical(request.Survivors);
        var dropped = Canonical(request.Dropped);
        if (survivors.Intersect(dropped).FirstOrDefault(-1) is var both and >= 0)
        {
            throw new SecureAggregationException($"the request asks for both kinds of share of member {both}: refused");
        }

        if (!survivors.SequenceEqual(confirmed))
        {
            throw new SecureAggregationException($"the request names survivors other than those member {_self} confirmed");
        }

        var signers = request.Signatures
            .Where(s => survivors.Contains(s.Member) && _identity.Verifies(s.Member, SurvivorMessage(_round, survivors), s.Signature))
            .Select(s => s.Member)
            .Distinct()
            .Count();
        if (signers < _graph.Threshold)
        {
            throw new SecureAggregationException($"only {signers} survivors signed the survivor set; member {_self} reveals shares when at least {_graph.Threshold} did");
        }

        var shares = new List<RevealedShare>();
        foreach (var neighbour in _maskedWith!)
        {
            var (seed, key) = _held[neighbour];
            if (survivors.Contains(neighbour))
            {
                shares.Add(new RevealedShare(neighbour, ShareKind.SelfMaskSeed, seed));
            }
            else if (dropped.Contains(neighbour))
            {
                shares.Add(new RevealedShare(neighbour, ShareKind.MaskKey, key));
            }
        }

        _unmasked = true;
        return new UnmaskReply(_self, shares);
    }

    /// <summary>The point of member <paramref name="member"/>'s shares: its index plus one, so that any neighbourhood's points are distinct and non-zero.</summary>
    /// <remarks>Points are bytes: a member's index must be below 255, which holds for rounds of up to 255 members.</remarks>
    internal static byte Point(int member) =>
        member < 255 ? (byte)(member + 1) : throw new SecureAggregationException($"member index {member} is beyond the 255 share points of GF(2⁸)");

    /// <summary>The seed of the pairwise mask of members <paramref name="a"/> and <paramref name="b"/>, from either side.</summary>
    internal static byte[] PairSeed(long round, byte[] maskPrivate, byte[] peerMaskPublic, int a, int b) =>
        RoundKeys.Agree(maskPrivate, peerMaskPublic, string.Create(CultureInfo.InvariantCulture, $"consortium/secagg/mask/{round}/{Math.Min(a, b)}/{Math.Max(a, b)}"));

    /// <summary>The bytes a member signs to vouch for its round keys: a fixed prefix, the round, its index and both keys.</summary>
    public static byte[] AdvertisementMessage(long round, int member, byte[] encryption, byte[] mask)
    {
        var message = new byte[Prefix.Length + 8 + 4 + encryption.Length + mask.Length];
        Prefix.CopyTo(message, 0);
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(Prefix.Length), round);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(Prefix.Length + 8), member);
        encryption.CopyTo(message, Prefix.Length + 12);
        mask.CopyTo(message, Prefix.Length + 12 + encryption.Length);
        return message;
    }

    internal static byte[] SurvivorMessage(long round, IReadOnlyList<int> survivors) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"consortium/secagg/survivors/{round}/{string.Join(',', survivors)}"));

    private static readonly byte[] Prefix = "consortium/secagg/keys/"u8.ToArray();

    private byte[] ShareKey(byte[] encryptionPrivate, byte[] peerEncryptionPublic) =>
        RoundKeys.Agree(encryptionPrivate, peerEncryptionPublic, string.Create(CultureInfo.InvariantCulture, $"consortium/secagg/share/{_round}"));

    private static byte[] EnvelopeData(long round, int from, int to) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"consortium/secagg/envelope/{round}/{from}/{to}"));

    private static List<int> Canonical(IReadOnlyList<int> members) => [.. members.Distinct().Order()];
}
