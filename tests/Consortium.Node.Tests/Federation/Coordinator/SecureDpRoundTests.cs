using Consortium.Fl.Models;
using Consortium.Fl.Privacy;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Federation.Member;

namespace Consortium.Node.Tests.Federation.Coordinator;

/// <summary>
/// Secure rounds with distributed DP over real gRPC on loopback: the members propose nothing, the coordinator proposes σ
/// and m_min, each member checks σ against its own floor and adds its share of the noise before masking; the next model is
/// the members' (unweighted) mean change plus noise of the calibrated size, and the round reports ε.
/// </summary>
public sealed class SecureDpRoundTests
{
    private const double Clip = 5;

    /// <summary>What every operator's node is configured with: ε = 8 over 10 rounds, the floor σ the coordinator's proposal must reach.</summary>
    private static readonly MemberPrivacy Operator = new(Epsilon: 8, Delta: 1e-5, ClipNorm: 1, PlannedRounds: 10);

    [Fact]
    public async Task TheSumCarriesTheCalibratedNoiseOnceAndTheRoundReportsEpsilon()
    {
        await using var consortium = await InMemoryConsortium.StartWithPrivacyAsync(4, _ => Operator);
        var log = new StringWriter();
        var dp = new SumPrivacy(Epsilon: 8, Delta: 1e-5, PlannedRounds: 10, MinimumMembers: 3);
        var coordinator = consortium.Coordinator(InMemoryConsortium.Options() with { SecureAggregation = true, ClipNorm = Clip, SumPrivacy = dp }, log);
        var start = coordinator.Global;

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        Assert.True(outcome.Updates.Count == 4, log.ToString());
        var privacy = outcome.SumPrivacy ?? throw new Xunit.Sdk.XunitException("no DP in the round's outcome: " + log);
        var sigma = NoiseCalibration.NoiseMultiplier(8, 1e-5, 10);
        Assert.Equal(sigma, privacy.NoiseMultiplier);
        Assert.Equal((Clip, 3, 4), (privacy.ClipNorm, privacy.MinimumMembers, privacy.Inputs));
        var single = new RdpAccountant();
        single.Compose(sigma);
        Assert.Equal(single.Guarantee(1e-5).Epsilon, privacy.RoundEpsilon, 9);
        Assert.Equal(privacy.RoundEpsilon, privacy.Epsilon, 9); // the first sum released
        Assert.InRange(privacy.Epsilon, 0.5, 8); // one of the ten planned rounds
        Assert.Contains("distributed DP", log.ToString(), StringComparison.Ordinal);

        // The residual of the new model against the members' mean clipped change is the noise: σ·C·√(n/m_min)/n per coordinate.
        var residual = Residual(consortium, start, coordinator.Global, outcome.RoundId, members: 4);
        Assert.True(residual.Length >= 2000, $"{residual.Length} parameters are too few to measure the noise");
        var expected = sigma * Clip * Math.Sqrt(4.0 / 3) / 4;
        var measured = Math.Sqrt(residual.Sum(r => r * r) / residual.Length);
        Assert.InRange(measured / expected, 0.94, 1.06); // n instead of m_min would give 0.87, noise from one member only 0.5
        Assert.InRange(residual.Average(), -4 * expected / Math.Sqrt(residual.Length), 4 * expected / Math.Sqrt(residual.Length));

        // Each member paid for the round at the round's σ and kept σ, m_min and its ε in its store.
        foreach (var store in consortium.OperatorStores)
        {
            var record = store.GetMemberRound((long)outcome.RoundId)!;
            Assert.Equal((sigma, 3), (record.DpNoiseMultiplier, record.DpMinMembers));
            Assert.Equal(single.Guarantee(1e-5).Epsilon, record.DpEpsilonSpent, 9);
        }
    }

    [Fact]
    public async Task AMemberRefusesARoundWhoseNoiseIsBelowWhatItsOperatorConfigured()
    {
        // The last operator accepts ε = 1 over 10 rounds, so it needs a larger σ than the ε = 8 the coordinator proposes.
        await using var consortium = await InMemoryConsortium.StartWithPrivacyAsync(4, i => i == 3 ? Operator with { Epsilon = 1 } : Operator);
        var dp = new SumPrivacy(8, 1e-5, 10, MinimumMembers: 3);
        var coordinator = consortium.Coordinator(InMemoryConsortium.Options() with { SecureAggregation = true, ClipNorm = Clip, SumPrivacy = dp });

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        var refusal = Assert.Single(outcome.Exclusions);
        Assert.Equal(consortium.Members[3].Address, refusal.Member);
        Assert.Contains($"noise multiplier σ = {dp.NoiseMultiplier:G6}", refusal.Detail, StringComparison.Ordinal);
        Assert.Contains("--dp-epsilon 1 ", refusal.Detail, StringComparison.Ordinal);
        Assert.Null(consortium.OperatorStores[3].GetMemberRound((long)outcome.RoundId));
        Assert.Equal(3, outcome.SumPrivacy!.Inputs); // the others still form the sum, m_min = 3 of them
    }

    [Fact]
    public async Task NoSumOfFewerThanTheMinimumInputsIsReleased()
    {
        // m_min = 4, but one of the four refuses to train: the three left will not mask for a sum their noise cannot cover.
        await using var consortium = await InMemoryConsortium.StartWithPrivacyAsync(4, i => i == 3 ? Operator with { Epsilon = 1 } : Operator);
        var log = new StringWriter();
        var dp = new SumPrivacy(8, 1e-5, 10, MinimumMembers: 4);
        var coordinator = consortium.Coordinator(InMemoryConsortium.Options() with { SecureAggregation = true, ClipNorm = Clip, SumPrivacy = dp }, log);
        var start = coordinator.Global;

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        Assert.False(outcome.QuorumReached);
        Assert.Null(outcome.SumPrivacy);
        Assert.Equal(start.Parameters, coordinator.Global.Parameters);
        Assert.Contains("fewer than the m_min = 4", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMemberWhoseBudgetIsSpentTrainsNoMoreAndTheCoordinatorKeepsCounting()
    {
        // Each operator's budget is one round at ε = 8, exactly what the coordinator's σ for one planned round spends.
        await using var consortium = await InMemoryConsortium.StartWithPrivacyAsync(3, _ => Operator with { PlannedRounds = 1 });
        var dp = new SumPrivacy(8, 1e-5, PlannedRounds: 1);
        var options = InMemoryConsortium.Options() with { SecureAggregation = true, ClipNorm = Clip, SumPrivacy = dp };
        var coordinator = consortium.Coordinator(options);

        var first = await coordinator.RunRoundAsync(1, CancellationToken.None);
        var second = await coordinator.RunRoundAsync(2, CancellationToken.None);

        Assert.Equal(3, first.SumPrivacy!.Inputs);
        Assert.Equal(8, first.SumPrivacy.Epsilon, 3);
        Assert.Equal(2, first.SumPrivacy.MinimumMembers); // one fewer than the three asked
        Assert.Equal(3, second.Exclusions.Count);
        Assert.All(second.Exclusions, e => Assert.Contains("has spent its privacy budget", e.Detail, StringComparison.Ordinal));
        Assert.Null(second.SumPrivacy);
        Assert.All(consortium.OperatorStores, store => Assert.Equal(8, store.GetMemberRound((long)first.RoundId)!.DpEpsilonSpent, 3));
    }

    /// <summary>next − start − the mean of the members' stored (clipped) changes, per coordinate.</summary>
    private static double[] Residual(InMemoryConsortium consortium, ModelCheckpoint start, ModelCheckpoint next, ulong round, int members)
    {
        var mean = new double[start.Parameters.Length];
        for (var m = 0; m < members; m++)
        {
            var store = consortium.OperatorStores[m];
            var record = store.GetMemberRound((long)round)!;
            var update = ModelCheckpoint.FromBytes(store.GetArtifact(record.UpdateHash)!).Parameters;
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += ((double)update[i] - start.Parameters[i]) / members;
            }
        }

        return [.. Enumerable.Range(0, mean.Length).Select(i => (double)next.Parameters[i] - start.Parameters[i] - mean[i])];
    }
}
