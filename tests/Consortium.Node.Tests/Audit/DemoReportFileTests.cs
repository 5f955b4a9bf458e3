using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Consortium.Contracts.Chain;
using Consortium.Node.Audit;
using Consortium.Node.Reporting;

namespace Consortium.Node.Tests.Audit;

/// <summary>
/// Reading a demo report: a real one reads back into typed records and writes out to the same bytes; a field that does
/// not hold what it must stops the load with the field's path and the bad value named.
/// </summary>
public sealed class DemoReportFileTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Audit", "Fixtures", "demo-report.json");

    [Fact]
    public void ARealReportReadsBackAndWritesOutToTheSameJson()
    {
        var text = File.ReadAllText(Fixture);

        var report = DemoReportFile.Load(Fixture);

        Assert.Equal(text, JsonSerializer.Serialize(report, ReportJson.Options));
        Assert.Equal(3, report.Operators.Count);
        Assert.Equal(2, report.Rounds.Count);
        Assert.All(report.Rounds, round => Assert.True(round.UpdateHashes.Keys.ToHashSet().SetEquals(report.Operators.Select(o => o.Address))));
        Assert.NotNull(report.Dispatch);
        Assert.Equal(
            report.Dispatch.TotalRewardsWei,
            report.Dispatch.PerOperator.Aggregate(BigInteger.Zero, (sum, op) => sum + BigInteger.Max(BigInteger.Zero, op.SettlementWei)));
    }

    [Fact]
    public void ARoundBelowQuorumExclusionsAndADeclineReadBackAndWriteOutToTheSameJson()
    {
        using var directory = new TemporaryDirectory();
        var path = Tampered(directory, root =>
        {
            var operators = root["operators"]!.AsArray();
            var (first, second) = (operators[0]!["address"]!.GetValue<string>(), operators[1]!["address"]!.GetValue<string>());
            var round = root["rounds"]![1]!;
            round["quorumReached"] = false;
            round["rewardRoot"] = null;
            round["excluded"]![first] = "NotDelivered: committed but delivered nothing";
            round["unclaimedRewards"]![second] = "Unavailable: its node stopped answering";
            root["dispatch"]!["declined"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "fife",
                ["address"] = second,
                ["reason"] = "NoDispatchableFleet",
                ["detail"] = "no vehicle on a bidirectional charger",
                ["declineTxHash"] = root["dispatch"]!["openTxHash"]!.GetValue<string>(),
                ["declineGasUsed"] = 65223,
                ["atSurvey"] = true,
            });
        });

        var report = DemoReportFile.Load(path);

        Assert.Equal(File.ReadAllText(path), JsonSerializer.Serialize(report, ReportJson.Options));
        Assert.Null(report.Rounds[1].RewardRoot);
        Assert.Equal(DeclineReason.NoDispatchableFleet, Assert.Single(report.Dispatch!.Declined).Reason);
    }

    [Fact]
    public void ADeclineReasonGivenAsANumberIsRefused()
    {
        using var directory = new TemporaryDirectory();
        var path = Tampered(directory, root => root["dispatch"]!["declined"]!.AsArray().Add(new JsonObject { ["name"] = "fife", ["reason"] = 1 }));

        var error = Assert.Throws<InvalidDataException>(() => DemoReportFile.Load(path));

        Assert.Contains("(at $.dispatch.declined[0].reason, line ", error.Message);
    }

    [Theory]
    [InlineData("operators[0].address", "0x1234", "'0x1234' is not an address")]
    [InlineData("chain.coordinator", "coordinator", "'coordinator' is not an address")]
    [InlineData("rounds[0].globalModelHash", "0xabcd", "'0xabcd' is not a 32-byte hex value")]
    [InlineData("dispatch.perOperator[0].deliveryHash", "", "'' is not a 32-byte hex value")]
    [InlineData("operators[1].tokenBalanceAfter", "plenty", "'plenty' is not a whole number of token base units")]
    [InlineData("dispatch.perOperator[2].settlementWei", "1.5", "'1.5' is not a whole number of token base units")]
    public void AFieldThatDoesNotHoldWhatItMustIsNamedWithItsPath(string field, string value, string problem)
    {
        using var directory = new TemporaryDirectory();
        var path = Tampered(directory, root => Set(root, field, JsonValue.Create(value)));

        var error = Assert.Throws<InvalidDataException>(() => DemoReportFile.Load(path));

        Assert.Contains(problem, error.Message);
        Assert.Contains($"(at $.{field}, line ", error.Message);
    }

    [Fact]
    public void AnAmountWrittenAsANumberIsNamedWithItsPath()
    {
        using var directory = new TemporaryDirectory();
        var path = Tampered(directory, root => Set(root, "operators[0].stake", JsonValue.Create(100)));

        var error = Assert.Throws<InvalidDataException>(() => DemoReportFile.Load(path));

        Assert.Contains("100 is not a token amount: a token amount is written as a JSON string.", error.Message);
        Assert.Contains("(at $.operators[0].stake, line ", error.Message);
    }

    [Fact]
    public void AMemberKeyThatIsNotAnAddressIsNamedWithItsPath()
    {
        using var directory = new TemporaryDirectory();
        var path = Tampered(directory, root =>
        {
            var scores = root["rounds"]![0]!["scores"]!.AsObject();
            var (first, score) = scores.First();
            scores.Remove(first);
            scores["dundee-a"] = score!.DeepClone();
        });

        var error = Assert.Throws<InvalidDataException>(() => DemoReportFile.Load(path));

        Assert.Contains("'dundee-a' is not an address", error.Message);
        Assert.Contains("(at $.rounds[0].scores", error.Message);
    }

    [Fact]
    public void AWrittenReportGivesBackTheContractAddressesAndDataDirectoryOfItsRun()
    {
        using var directory = new TemporaryDirectory();
        var (registry, rounds, token) = (ChainAccount.Generate().Address, ChainAccount.Generate().Address, ChainAccount.Generate().Address);
        var written = new DemoReport
        {
            Chain = new ChainSection { Contracts = new ContractsSection { Registry = registry, Rounds = rounds, Token = token, Dispatch = token } },
            Rounds = [new RoundSection { Round = 1, Validation = new ValidationSection { FederatedRmse = 3.25 } }],
            Settings = { ["dataDir"] = directory.Path, ["rounds"] = 1 },
        };
        var path = Path.Combine(directory.Path, "report.json");
        File.WriteAllText(path, JsonSerializer.Serialize(written, ReportJson.Options));

        var report = DemoReportFile.Load(path);
        var addresses = DemoReportFile.AddressesOf(report);

        Assert.Equal((registry, rounds, token), (addresses.Registry, addresses.Rounds, addresses.Token));
        Assert.Equal(directory.Path, DemoReportFile.DataDirOf(report));
        Assert.Equal(3.25, Assert.Single(report.Rounds).Validation.FederatedRmse);
    }

    [Fact]
    public void AFileThatIsNotJsonIsRejectedAsInvalidData()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "report.json");
        File.WriteAllText(path, "round,hash\n1,0x00\n");

        Assert.Throws<InvalidDataException>(() => DemoReportFile.Load(path));
    }

    [Fact]
    public void AReportWithoutContractAddressesIsRejectedAsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => DemoReportFile.AddressesOf(new DemoReport()));
    }

    /// <summary>Writes the fixture, changed by <paramref name="change"/>, into <paramref name="directory"/>.</summary>
    private static string Tampered(TemporaryDirectory directory, Action<JsonNode> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(Fixture))!;
        change(root);
        var path = Path.Combine(directory.Path, "report.json");
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>Sets the field at a path like <c>dispatch.perOperator[2].settlementWei</c>.</summary>
    private static void Set(JsonNode root, string field, JsonNode value)
    {
        var parts = field.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = Step(node, part);
        }

        var last = parts[^1];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        Assert.True(bracket < 0, "a path ends in a property");
        Assert.NotNull(node[last]);
        node[last] = value;
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[part]!;
        }

        var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[part[..bracket]]![index]!;
    }
}
