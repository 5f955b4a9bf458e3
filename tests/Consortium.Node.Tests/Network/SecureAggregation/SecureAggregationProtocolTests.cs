using Consortium.Contracts.Chain;
using Consortium.Network.SecureAggregation;
using Consortium.Node.Federation.SecureAggregation;

namespace Consortium.Node.Tests.Network.SecureAggregation;

/// <summary>
/// The secure round's protocol with real keys and real crypto, members and coordinator in one process: the masks cancel
/// in the sum and only there, a member that drops after sharing its keys is recovered, and every request the rules
/// forbid is refused by the member it is sent to.
/// </summary>
public sealed class SecureAggregationProtocolTests
{
    private const long Round = 7;
    private const int Length = 1000;

    [Theory]
    [InlineData(3, 0)]
    [InlineData(3, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 0)]
    [InlineData(5, 1)]
    [InlineData(10, 2)]
    public void TheSumOfTheSurvivorsInputsComesOutWithEveryMaskRemoved(int members, int drop)
    {
        var round = new TestRound(members);
        var dropped = Enumerable.Range(0, drop).Select(i => (i * 3) % members).ToHashSet();

        var (sum, server) = round.Run(dropAfterSharing: dropped);

        var expected = new uint[Length];
        foreach (var member in Enumerable.Range(0, members).Where(m => !dropped.Contains(m)))
        {
            for (var i = 0; i < Length; i++)
            {
                expected[i] = unchecked(expected[i] + round.Inputs[member][i]);
            }
        }

        Assert.Equal(expected, sum);
        Assert.Equal(dropped.Order(), server.Dropped);
    }

    [Fact]
    public void AMaskedInputAloneLooksNothingLikeTheInput()
    {
        var round = new TestRound(5);
        var masked = round.MaskedInputs();

        for (var m = 0; m < 5; m++)
        {
            var same = masked[m].Words.Zip(round.Inputs[m]).Count(p => p.First == p.Second);
            Assert.True(same < 5, $"member {m}: {same} of {Length} words unmasked");
        }
    }

    [Fact]
    public void KeysNotSignedByTheMembersChainKeyAreRefused()
    {
        var round = new TestRound(5);
        var advertisements = round.Clients.Select(c => c.Advertise()).ToList();
        var forger = ChainAccount.Generate();
        var forged = advertisements[1] with { MaskPublic = RoundKeys.Generate().MaskPublic };
        var resigned = forged with { Signature = new ChainRoundIdentity(round.Roster, forger).Sign(SecureAggregationClient.AdvertisementMessage(Round, 1, forged.EncryptionPublic, forged.MaskPublic)) };
        var neighbour = round.Graph.NeighboursOf(1)[0];

        var error = Assert.Throws<SecureAggregationException>(() =>
            round.Clients[neighbour].ShareKeys([.. round.Graph.NeighboursOf(neighbour).Select(n => n == 1 ? resigned : advertisements[n])]));

        Assert.Contains("the keys forwarded for member 1 are not signed by its chain key", error.Message);
    }

    [Fact]
    public void AnAlteredEnvelopeDoesNotOpen()
    {
        var round = new TestRound(5);
        var advertisements = round.Clients.Select(c => c.Advertise()).ToList();
        var envelopes = round.Clients.Select((c, m) => c.ShareKeys([.. round.Graph.NeighboursOf(m).Select(n => advertisements[n])])).ToList();
        var to = envelopes[0][0].To;
        var addressed = envelopes.SelectMany(e => e).Where(e => e.To == to).ToList();
        var tampered = addressed[0].Ciphertext.ToArray();
        tampered[5] ^= 1;

        var error = Assert.Throws<SecureAggregationException>(() =>
            round.Clients[to].MaskInput(round.Inputs[to], [addressed[0] with { Ciphertext = tampered }, .. addressed.Skip(1)]));

        Assert.Contains($"the envelope from member {addressed[0].From} does not open", error.Message);
    }

    [Fact]
    public void AMemberNeverRevealsBothKindsOfShareOfOneMemberNorAnswersTwice()
    {
        var round = new TestRound(5);
        round.MaskedInputs();
        var survivors = Enumerable.Range(0, 5).ToList();
        var signatures = round.Clients.Select(c => c.ConfirmSurvivors(survivors)).ToList();
        var member = 2;
        var neighbour = round.Graph.NeighboursOf(member)[0];

        var both = Assert.Throws<SecureAggregationException>(() => round.Clients[member].Unmask(new UnmaskRequest(survivors, [neighbour], signatures)));
        var otherSet = Assert.Throws<SecureAggregationException>(() => round.Clients[member].Unmask(new UnmaskRequest([.. survivors.Where(s => s != neighbour)], [neighbour], signatures)));
        var unsigned = Assert.Throws<SecureAggregationException>(() => round.Clients[member].Unmask(new UnmaskRequest(survivors, [], signatures.Take(1).ToList())));
        var answer = round.Clients[member].Unmask(new UnmaskRequest(survivors, [], signatures));
        var again = Assert.Throws<SecureAggregationException>(() => round.Clients[member].Unmask(new UnmaskRequest(survivors, [], signatures)));
        var reconfirm = Assert.Throws<SecureAggregationException>(() => round.Clients[member].ConfirmSurvivors([.. survivors.Where(s => s != neighbour)]));

        Assert.Contains($"asks for both kinds of share of member {neighbour}: refused", both.Message);
        Assert.Contains("names survivors other than those member 2 confirmed", otherSet.Message);
        Assert.Contains("only 1 survivors signed the survivor set", unsigned.Message);
        Assert.All(answer.Shares, s => Assert.Equal(ShareKind.SelfMaskSeed, s.Kind));
        Assert.Equal(round.Graph.NeighboursOf(member).Order(), answer.Shares.Select(s => s.Owner).Order());
        Assert.Contains("already revealed its shares", again.Message);
        Assert.Contains("already confirmed another survivor set", reconfirm.Message);
    }

    [Fact]
    public void TheCoordinatorReceivesOneKindOfShareOfEachMember()
    {
        var round = new TestRound(10);

        var (_, server) = round.Run(dropAfterSharing: [3, 6]);

        var kinds = round.Replies.SelectMany(r => r.Shares).GroupBy(s => s.Owner).ToDictionary(g => g.Key, g => g.Select(s => s.Kind).Distinct().ToList());
        Assert.All(kinds.Values, k => Assert.Single(k));
        Assert.Equal(ShareKind.MaskKey, Assert.Single(kinds[3]));
        Assert.Equal(ShareKind.SelfMaskSeed, Assert.Single(kinds[0]));
        Assert.True(server.BytesReceived > 0);
    }

    [Fact]
    public void AMemberWithTooFewNeighboursLeftStopsTheRoundRatherThanWeakenIt()
    {
        var round = new TestRound(5);

        // Three of member 0's four neighbours drop before sharing keys: too few would hold its shares, and mask with it.
        var error = Assert.Throws<SecureAggregationException>(() => round.Run(dropBeforeSharing: [.. round.Graph.NeighboursOf(0).Take(3)]));

        Assert.Contains("only 1 of member 0's neighbours shared their keys; a round needs at least 3", error.Message);
    }

    /// <summary>A round of members with their own chain keys, inputs of random words, driven step by step through a server.</summary>
    private sealed class TestRound
    {
        public TestRound(int members)
        {
            var accounts = Enumerable.Range(0, members).Select(_ => ChainAccount.Generate()).ToList();
            Roster = [.. accounts.Select(a => a.Address)];
            Graph = NeighbourGraph.Create(members, new byte[32]);
            Clients = [.. accounts.Select((a, m) => new SecureAggregationClient(m, Graph, Round, new ChainRoundIdentity(Roster, a)))];
            var random = new Random(members);
            Inputs = [.. Enumerable.Range(0, members).Select(_ => Enumerable.Range(0, Length).Select(_ => (uint)random.NextInt64(0, uint.MaxValue)).ToArray())];
        }

        public IReadOnlyList<ChainAddress> Roster { get; }

        public NeighbourGraph Graph { get; }

        public IReadOnlyList<SecureAggregationClient> Clients { get; }

        public IReadOnlyList<uint[]> Inputs { get; }

        public List<UnmaskReply> Replies { get; } = [];

        public List<MaskedInput> MaskedInputs()
        {
            var advertisements = Clients.Select(c => c.Advertise()).ToList();
            var envelopes = Clients.Select((c, m) => c.ShareKeys([.. Graph.NeighboursOf(m).Select(n => advertisements[n])])).SelectMany(e => e).ToList();
            return [.. Clients.Select((c, m) => c.MaskInput(Inputs[m], [.. envelopes.Where(e => e.To == m)]))];
        }

        public (uint[] Sum, SecureAggregationServer Server) Run(HashSet<int>? dropAfterSharing = null, HashSet<int>? dropBeforeSharing = null)
        {
            dropAfterSharing ??= [];
            dropBeforeSharing ??= [];
            var server = new SecureAggregationServer(Graph, Round, Length);
            var members = Enumerable.Range(0, Graph.Members).ToList();
            foreach (var m in members)
            {
                server.Receive(Clients[m].Advertise());
            }

            foreach (var m in members.Where(m => !dropBeforeSharing.Contains(m)))
            {
                server.Receive(m, Clients[m].ShareKeys(server.AdvertisementsFor(m)));
            }

            var sending = members.Where(m => !dropBeforeSharing.Contains(m) && !dropAfterSharing.Contains(m)).ToList();
            foreach (var m in sending)
            {
                server.Receive(Clients[m].MaskInput(Inputs[m], server.EnvelopesFor(m)));
            }

            foreach (var m in sending)
            {
                server.Receive(Clients[m].ConfirmSurvivors(server.Survivors));
            }

            var request = server.UnmaskRequest();
            foreach (var m in sending)
            {
                var reply = Clients[m].Unmask(request);
                Replies.Add(reply);
                server.Receive(reply);
            }

            return (server.Sum(), server);
        }
    }
}
