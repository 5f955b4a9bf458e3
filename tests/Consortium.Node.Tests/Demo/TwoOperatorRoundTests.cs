using System.Globalization;
using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Audit;
using Consortium.Node.Demo;
using Consortium.Node.Store;

namespace Consortium.Node.Tests.Demo;

/// <summary>
/// Two operator nodes, each its own OS process serving gRPC on loopback, complete a federated round
/// against a chain the test started itself (the demo's --rpc path); the report is then checked against
/// the chain and the stores, not against itself.
/// </summary>
public sealed class TwoOperatorRoundTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "consortium-test-" + Guid.NewGuid().ToString("N"));
    private AnvilChain _chain = null!;

    public async Task InitializeAsync() => _chain = await AnvilChain.StartAsync();

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task TwoMemberProcessesCompleteOneRoundRecordedOnTheChain()
    {
        var output = new StringWriter();
        var options = new DemoOptions(
            Operators: 2,
            Rounds: 1,
            LocalEpochs: 1,
            DataDir: _dataDir,
            RpcUrl: _chain.RpcUrl,
            Chain: new ChainConnectionOptions { GasPrice = GasPricePolicy.Legacy },
            DeployerKey: _chain.DevAccounts[1].PrivateKey,
            ReportPath: Path.Combine(_dataDir, "report.json"),
            Seed: 3,
            WindowStride: 24,
            DispatchEvs: 200);

        var report = await new ConsortiumDemo(options, output).RunAsync(CancellationToken.None);

        Assert.True(report is not null, output.ToString());
        Assert.True(File.Exists(options.ReportPath));
        Assert.Equal(2, report.Operators.Count);
        Assert.NotEqual(report.Operators[0].ProcessId, report.Operators[1].ProcessId);
        var round = Assert.Single(report.Rounds);

        var addresses = new ConsortiumAddresses(
            ChainAddress.Parse(report.Chain.Contracts.Registry),
            ChainAddress.Parse(report.Chain.Contracts.Rounds),
            ChainAddress.Parse(report.Chain.Contracts.Token),
            ChainAddress.Parse(report.Chain.Contracts.Dispatch));
        var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(_chain.RpcUrl), addresses);
        var onChain = await ledger.Rounds.GetRoundAsync((ulong)round.Round);
        Assert.Equal(RoundStatus.Finalized, onChain.Status);
        Assert.Equal(Hash32.Parse(round.OpenedModelHash), onChain.GlobalModelHash);
        Assert.Equal(Hash32.Parse(round.GlobalModelHash), onChain.NewModelHash);
        Assert.Equal(Hash32.Parse(round.RewardRoot), onChain.RewardRoot);
        var claims = await ledger.Rounds.GetRewardClaimedEventsAsync((ulong)round.Round);

        foreach (var op in report.Operators)
        {
            var member = ChainAddress.Parse(op.Address);
            Assert.True(await ledger.Registry.IsMemberAsync(member));
            var commitment = await ledger.Rounds.GetCommitmentAsync((ulong)round.Round, member);
            Assert.Equal(Hash32.Parse(round.UpdateHashes[op.Address]), commitment.UpdateHash);
            var reward = BigInteger.Parse(round.Rewards[op.Address], CultureInfo.InvariantCulture);
            Assert.Equal(reward, claims.Where(c => c.Member == member).Aggregate(BigInteger.Zero, (sum, c) => sum + c.Reward));
            Assert.True(round.Gas.Members[op.Address] > 0);
            Assert.Equal(BigInteger.Parse(op.TokenBalanceAfter, CultureInfo.InvariantCulture), await ledger.Token.BalanceOfAsync(member));

            // The member's own store holds the exact update bytes it committed.
            using var store = new NodeStore(Path.Combine(_dataDir, op.Name, "node.db"));
            var update = store.GetArtifact(commitment.UpdateHash);
            Assert.NotNull(update);
            Assert.Equal(commitment.UpdateHash, Keccak.Hash(update));
        }

        // The coordinator's store holds the new global model under the hash finalized on chain.
        using var coordinator = new NodeStore(Path.Combine(_dataDir, "coordinator", "node.db"));
        var model = coordinator.GetArtifact(onChain.NewModelHash);
        Assert.NotNull(model);
        Assert.Equal(onChain.NewModelHash, Keccak.Hash(model));
        Assert.True(round.Validation.FederatedRmse > 0 && double.IsFinite(round.Validation.FederatedRmse));
        Assert.Contains("LISTENING http://127.0.0.1:", output.ToString());

        // An auditor with the report, the chain and the artifacts finds nothing wrong...
        Assert.Empty(await new ReportVerifier(ledger, report, _dataDir, TextWriter.Null).VerifyAsync(CancellationToken.None));

        // ...and each tampered claim is named.
        var address = report.Operators[0].Address;
        var reported = round.Scores[address];
        round.Scores[address] = reported + 0.000002;
        var scoreFindings = await new ReportVerifier(ledger, report, _dataDir, TextWriter.Null).VerifyAsync(CancellationToken.None);
        Assert.Contains(scoreFindings, f => f.Subject == $"round {round.Round} score of {address}");
        Assert.Contains(scoreFindings, f => f.Subject == $"round {round.Round} score table");
        round.Scores[address] = reported;

        var reportedReward = round.Rewards[address];
        round.Rewards[address] = (BigInteger.Parse(reportedReward, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var rewardFindings = await new ReportVerifier(ledger, report, null, TextWriter.Null).VerifyAsync(CancellationToken.None);
        Assert.Contains(rewardFindings, f => f.Subject == $"round {round.Round} score table");
        Assert.Contains(rewardFindings, f => f.Subject == $"operator {report.Operators[0].Name} balance");
        round.Rewards[address] = reportedReward;

        var opened = round.OpenedModelHash;
        round.OpenedModelHash = round.GlobalModelHash;
        var hashFindings = await new ReportVerifier(ledger, report, null, TextWriter.Null).VerifyAsync(CancellationToken.None);
        Assert.Contains(hashFindings, f => f.Subject == $"round {round.Round} opening model");
        round.OpenedModelHash = opened;

        // The dispatch event after training: settled on chain as reported, and tampering with it is named too.
        var dispatch = report.Dispatch;
        Assert.NotNull(dispatch);
        Assert.Equal(400, dispatch.Evs);
        Assert.Equal(2, dispatch.PerOperator.Count);
        Assert.Equal(DispatchStatus.Settled, (await ledger.Dispatch.GetDispatchAsync(dispatch.EventId)).Status);
        var operatorDispatch = dispatch.PerOperator[0];
        var allocation = operatorDispatch.AllocationHash;
        operatorDispatch.AllocationHash = operatorDispatch.DeliveryHash;
        var dispatchFindings = await new ReportVerifier(ledger, report, null, TextWriter.Null).VerifyAsync(CancellationToken.None);
        Assert.Contains(dispatchFindings, f => f.Subject == $"dispatch event {dispatch.EventId} allocation of {operatorDispatch.Name}");
        operatorDispatch.AllocationHash = allocation;
        operatorDispatch.MeteredKwhPerStep[40] += 1;
        var meteringFindings = await new ReportVerifier(ledger, report, null, TextWriter.Null).VerifyAsync(CancellationToken.None);
        Assert.Contains(meteringFindings, f => f.Subject == $"dispatch event {dispatch.EventId} delivery of {operatorDispatch.Name}");
        operatorDispatch.MeteredKwhPerStep[40] -= 1;

        // The event answers the grid party's signed request: a target other than the one signed is named, and so is a forged signature.
        Assert.Equal(ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty).Address, ChainAddress.Parse(dispatch.GridParty));
        dispatch.TargetKw[50] += 1;
        var targetFindings = await new ReportVerifier(ledger, report, null, TextWriter.Null).VerifyAsync(CancellationToken.None);
        Assert.Contains(targetFindings, f => f.Subject == $"dispatch event {dispatch.EventId} request");
        dispatch.TargetKw[50] -= 1;
        var signedRequest = dispatch.SignedRequest;
        dispatch.SignedRequest = signedRequest.Replace("\"deviationPenaltyPerKwh\":1,", "\"deviationPenaltyPerKwh\":2,", StringComparison.Ordinal);
        Assert.NotEqual(signedRequest, dispatch.SignedRequest);
        var signatureFindings = await new ReportVerifier(ledger, report, null, TextWriter.Null).VerifyAsync(CancellationToken.None);
        Assert.Contains(signatureFindings, f => f.Subject == $"dispatch event {dispatch.EventId} request" && f.Problem.Contains("signature", StringComparison.Ordinal));
        dispatch.SignedRequest = signedRequest;
        Assert.Empty(await new ReportVerifier(ledger, report, null, TextWriter.Null).VerifyAsync(CancellationToken.None));
    }
}
