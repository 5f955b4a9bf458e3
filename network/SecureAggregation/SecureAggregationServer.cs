namespace Consortium.Network.SecureAggregation;

/// <summary>
/// The coordinator's side of a secure round: it relays what the members send each other (it can read none of it),
/// learns who dropped at each step, and at the end removes the masks from the sum of the survivors' inputs with the
/// shares the survivors reveal: each survivor's self-mask seed, and each dropped member's mask key, from which the
/// masks the survivors added towards it are agreed again. It never holds an input in the clear, and never both kinds
/// of share of one member.
/// </summary>
public sealed class SecureAggregationServer
{
    private readonly NeighbourGraph _graph;
    private readonly long _round;
    private readonly int _length;
    private readonly Dictionary<int, MaskAdvertisement> _advertisements = [];
    private readonly Dictionary<int, IReadOnlyList<ShareEnvelope>> _envelopes = [];
    private readonly Dictionary<int, uint[]> _inputs = [];
    private readonly Dictionary<int, SurvivorSignature> _signatures = [];
    private readonly Dictionary<int, UnmaskReply> _replies = [];
    private UnmaskRequest? _request;

    /// <summary>A round of <paramref name="graph"/>'s members summing vectors of <paramref name="length"/> words.</summary>
    public SecureAggregationServer(NeighbourGraph graph, long round, int length)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _graph = graph;
        _round = round;
        _length = length;
    }

    /// <summary>Bytes relayed or received so far, by what they were (for the benchmark and the report).</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Step 1: a member's advertisement.</summary>
    public void Receive(MaskAdvertisement advertisement)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        Member(advertisement.Member);
        if (!_advertisements.TryAdd(advertisement.Member, advertisement))
        {
            throw new SecureAggregationException($"member {advertisement.Member} advertised twice");
        }

        BytesReceived += advertisement.EncryptionPublic.Length + advertisement.MaskPublic.Length + advertisement.Signature.Length + 4;
    }

    /// <summary>The advertisements of <paramref name="member"/>'s neighbours, to forward to it.</summary>
    public IReadOnlyList<MaskAdvertisement> AdvertisementsFor(int member) =>
        [.. _graph.NeighboursOf(member).Where(_advertisements.ContainsKey).Select(n => _advertisements[n])];

    /// <summary>Step 2: the envelopes a member sends its neighbours.</summary>
    public void Receive(int from, IReadOnlyList<ShareEnvelope> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        if (!_advertisements.ContainsKey(from))
        {
            throw new SecureAggregationException($"member {from} shares keys without having advertised any");
        }

        if (envelopes.Any(e => e.From != from || !_graph.AreNeighbours(from, e.To)) || envelopes.Select(e => e.To).Distinct().Count() != envelopes.Count)
        {
            throw new SecureAggregationException($"member {from} sent envelopes that are not one per neighbour, from itself");
        }

        if (!_envelopes.TryAdd(from, envelopes))
        {
            throw new SecureAggregationException($"member {from} shared its keys twice");
        }

        BytesReceived += envelopes.Sum(e => (long)e.Nonce.Length + e.Ciphertext.Length + 8);
    }

    /// <summary>The envelopes addressed to <paramref name="member"/>, to forward to it.</summary>
    public IReadOnlyList<ShareEnvelope> EnvelopesFor(int member) =>
        [.. _envelopes.Values.SelectMany(list => list).Where(e => e.To == member)];

    /// <summary>Step 3: a member's masked input.</summary>
    public void Receive(MaskedInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!_envelopes.ContainsKey(input.Member))
        {
            throw new SecureAggregationException($"member {input.Member} sent an input without having shared its keys");
        }

        if (input.Words.Length != _length)
        {
            throw new SecureAggregationException($"member {input.Member} sent {input.Words.Length} words; the round sums {_length}");
        }

        if (!_inputs.TryAdd(input.Member, input.Words))
        {
            throw new SecureAggregationException($"member {input.Member} sent its input twice");
        }

        BytesReceived += (long)input.Words.Length * sizeof(uint) + 4;
    }

    /// <summary>Members whose masked inputs arrived, in order.</summary>
    public IReadOnlyList<int> Survivors => [.. _inputs.Keys.Order()];

    /// <summary>Members that shared their keys but sent no input, in order.</summary>
    public IReadOnlyList<int> Dropped => [.. _envelopes.Keys.Where(m => !_inputs.ContainsKey(m)).Order()];

    /// <summary>Step 4: a survivor's signature over <see cref="Survivors"/>.</summary>
    public void Receive(SurvivorSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!_inputs.ContainsKey(signature.Member) || !_signatures.TryAdd(signature.Member, signature))
        {
            throw new SecureAggregationException($"member {signature.Member} is not a survivor, or signed twice");
        }

        BytesReceived += signature.Signature.Length + 4;
    }

    /// <summary>Step 5: the request every survivor gets: who survived, who dropped, and the survivors' signatures.</summary>
    public UnmaskRequest UnmaskRequest() => _request ??= new UnmaskRequest(Survivors, Dropped, [.. _signatures.Values.OrderBy(s => s.Member)]);

    /// <summary>Step 5: a survivor's revealed shares.</summary>
    public void Receive(UnmaskReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!_inputs.ContainsKey(reply.Member) || !_replies.TryAdd(reply.Member, reply))
        {
            throw new SecureAggregationException($"member {reply.Member} is not a survivor, or answered twice");
        }

        BytesReceived += reply.Shares.Sum(s => (long)s.Share.Value.Length + 6);
    }

    /// <summary>The sum of the survivors' inputs, with every mask removed.</summary>
    /// <exception cref="SecureAggregationException">Too few shares of some member's secret arrived, or the shares of a dropped member's key do not give the key it advertised.</exception>
    public uint[] Sum()
    {
        var request = UnmaskRequest();
        var sum = new uint[_length];
        foreach (var words in request.Survivors.Select(m => _inputs[m]))
        {
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] = unchecked(sum[i] + words[i]);
            }
        }

        var revealed = _replies.Values.SelectMany(r => r.Shares.Select(s => (From: r.Member, s.Owner, s.Kind, s.Share))).ToList();
        foreach (var survivor in request.Survivors)
        {
            var seed = ShamirSharing.Combine(Shares(revealed, survivor, ShareKind.SelfMaskSeed));
            MaskStream.Apply(seed, sum, -1);
        }

        foreach (var dropped in request.Dropped)
        {
            var key = ShamirSharing.Combine(Shares(revealed, dropped, ShareKind.MaskKey));
            if (!RoundKeys.PublicOf(key).AsSpan().SequenceEqual(_advertisements[dropped].MaskPublic))
            {
                throw new SecureAggregationException($"the shares revealed of member {dropped}'s mask key do not give the key it advertised");
            }

            // Each survivor that shared keys with the dropped member added their pairwise mask: take it out again.
            foreach (var survivor in request.Survivors.Where(s => _graph.AreNeighbours(s, dropped) && _envelopes.ContainsKey(dropped)))
            {
                var seed = SecureAggregationClient.PairSeed(_round, key, _advertisements[survivor].MaskPublic, dropped, survivor);
                MaskStream.Apply(seed, sum, survivor < dropped ? -1 : 1);
            }
        }

        return sum;
    }

    private List<SecretShare> Shares(List<(int From, int Owner, ShareKind Kind, SecretShare Share)> revealed, int owner, ShareKind kind)
    {
        var shares = revealed.Where(r => r.Owner == owner && r.Kind == kind && _graph.AreNeighbours(r.From, owner) && r.Share.X == SecureAggregationClient.Point(r.From))
            .Select(r => r.Share)
            .ToList();
        if (shares.Count < _graph.Threshold)
        {
            throw new SecureAggregationException(
                $"only {shares.Count} shares of member {owner}'s {(kind == ShareKind.SelfMaskSeed ? "self-mask seed" : "mask key")} arrived; {_graph.Threshold} are needed");
        }

        return shares;
    }

    private void Member(int member)
    {
        if (member < 0 || member >= _graph.Members)
        {
            throw new SecureAggregationException($"member {member} is not in the round's roster of {_graph.Members}");
        }
    }
}
