using Consortium.Experiments.Forecasting;
using Consortium.Fl.Privacy;
using Consortium.Network.SecureAggregation;
using Consortium.Node.Federation.Member;

namespace Consortium.Node.Tests.Federation.Member;

/// <summary>
/// The fixed-point range of a secure round with distributed DP holds the members' noisy inputs: none is clipped, the sum
/// does not wrap, and it decodes to the real sum within the rounding. The experiment's in-process sum encodes as the
/// protocol does.
/// </summary>
public sealed class DistributedNoiseEncodingTests
{
    private const int Coordinates = 50_000;

    [Fact]
    public void NoisyInputsFitTheRangeAndTheirSumDecodesWithoutWrapping()
    {
        const int members = 20;
        var noise = new DistributedNoiseOptions(ClipNorm: 1, NoiseMultiplier: 0.8, MinimumMembers: 19);
        var range = FederatedMember.SecureRange(noise.ClipNorm, noise.NoiseMultiplier, noise.MinimumMembers);
        Assert.Equal(noise.EncodingRange, range);
        var encoding = new FixedPointEncoding(range, members);
        var sum = new uint[Coordinates];
        var exact = new double[Coordinates];
        for (var m = 0; m < members; m++)
        {
            // The worst case for the range: the whole clipped change on one coordinate, the same sign for every member.
            var input = new float[Coordinates];
            input[0] = (float)noise.ClipNorm;
            DistributedNoise.AddShare(input, noise, seed: (ulong)m);
            var words = new uint[Coordinates];

            Assert.Equal(0, encoding.Encode(input, words));
            for (var i = 0; i < Coordinates; i++)
            {
                sum[i] = unchecked(sum[i] + words[i]);
                exact[i] += input[i];
            }
        }

        var decoded = new double[Coordinates];
        encoding.DecodeSum(sum, decoded);
        var worst = Enumerable.Range(0, Coordinates).Max(i => Math.Abs(decoded[i] - exact[i]));
        Assert.True(worst <= members * encoding.Resolution * 1.0001, $"the decoded sum is {worst} from the real one; rounding allows {members * encoding.Resolution}");
        Assert.InRange(decoded[0], 20 - 5, 20 + 5); // twenty changes of 1 plus noise of σ·C·√(20/19) ≈ 0.82
    }

    [Fact]
    public void TheRangeOfPlainSecureRoundsWouldClipTheNoise()
    {
        var noise = new DistributedNoiseOptions(ClipNorm: 1, NoiseMultiplier: 2, MinimumMembers: 2);
        var input = new float[Coordinates];
        DistributedNoise.AddShare(input, noise, seed: 1);
        var words = new uint[Coordinates];

        var plain = new FixedPointEncoding(FederatedMember.SecureRange(1), 3).Encode(input, words);
        var sized = new FixedPointEncoding(FederatedMember.SecureRange(1, 2, 2), 3).Encode(input, words);

        Assert.True(plain > Coordinates / 3, $"{plain} of {Coordinates} noisy values beyond ±1"); // share deviation √2: most fall outside ±1
        Assert.Equal(0, sized);
    }

    [Fact]
    public void TheExperimentsInProcessSumEncodesAsTheProtocol()
    {
        var noise = new DistributedNoiseOptions(0.5, 1.2, 4);
        const int members = 5;
        var range = noise.EncodingRange;
        var encoding = new FixedPointEncoding(range, members);
        var scale = SecureSumSimulation.Scale(range, members);
        Assert.Equal(encoding.Scale, scale);

        var protocol = new uint[1000];
        var simulated = new uint[1000];
        var changes = new List<float[]>();
        for (var m = 0; m < members; m++)
        {
            var change = Enumerable.Range(0, 1000).Select(i => (float)(Math.Sin((m * 1000) + i) * 0.01)).ToArray();
            change[m] = 40; // beyond the range: both clip it the same way
            changes.Add(change);
            var input = (float[])change.Clone();
            DistributedNoise.AddShare(input, noise, seed: (ulong)(m + 7));
            var words = new uint[1000];
            var clippedByProtocol = encoding.Encode(input, words);
            for (var i = 0; i < words.Length; i++)
            {
                protocol[i] = unchecked(protocol[i] + words[i]);
            }

            Assert.Equal(clippedByProtocol, SecureSumSimulation.AddEncoded(input, range, scale, simulated));
        }

        Assert.Equal(protocol, simulated);
        var mean = SecureSumSimulation.MeanChange(changes, noise, [.. Enumerable.Range(0, members).Select(m => (ulong)(m + 7))], out var clipped);
        Assert.Equal(members, clipped);
        var decoded = new double[1000];
        encoding.DecodeSum(protocol, decoded);
        Assert.Equal(decoded.Select(v => v / members), mean);
    }
}
