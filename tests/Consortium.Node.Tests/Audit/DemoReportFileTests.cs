using System.Text.Json;
using Consortium.Contracts.Chain;
using Consortium.Node.Audit;
using Consortium.Node.Reporting;

namespace Consortium.Node.Tests.Audit;

public sealed class DemoReportFileTests
{
    [Fact]
    public void AWrittenReportGivesBackTheContractAddressesAndDataDirectoryOfItsRun()
    {
        using var directory = new TemporaryDirectory();
        var (registry, rounds, token) = (ChainAccount.Generate().Address, ChainAccount.Generate().Address, ChainAccount.Generate().Address);
        var written = new DemoReport
        {
            Chain = new ChainSection { Contracts = new ContractsSection { Registry = registry.ToString(), Rounds = rounds.ToString(), Token = token.ToString(), Dispatch = token.ToString() } },
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
}
