using Consortium.Contracts.Chain;
using Consortium.Node.Cli;
using Consortium.Node.Tests.Audit;

namespace Consortium.Node.Tests.Cli;

public sealed class DashboardVerbTests
{
    [Fact]
    public async Task GivingBothAReportAndContractAddressesIsAUsageError()
    {
        using var directory = new TemporaryDirectory();
        var report = Path.Combine(directory.Path, "report.json");
        File.WriteAllText(report, "{}");

        var exitCode = await ConsortiumCli.RunAsync(
            ["dashboard", "--rpc", "http://127.0.0.1:8545", "--report", report, "--registry", ChainAccount.Generate().Address.ToString()]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task ContractAddressesThatAreNotAddressesAreAUsageError()
    {
        var run = await CliRun.RunAsync(
            "dashboard", "--rpc", "http://127.0.0.1:8545", "--registry", "0x1234", "--rounds", "0x1234", "--token", "0x1234");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("option --registry must be a 0x-prefixed 20-byte address, got '0x1234'", run.Error);
    }

    [Fact]
    public async Task WithoutAReportEveryContractAddressIsNeeded()
    {
        var address = ChainAccount.Generate().Address.ToString();

        var run = await CliRun.RunAsync("dashboard", "--rpc", "http://127.0.0.1:8545", "--registry", address, "--rounds", address, "--token", address);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("option --dispatch is required without --report", run.Error);
    }

    [Fact]
    public async Task ADataDirectoryWithoutACoordinatorStoreIsAUsageError()
    {
        using var directory = new TemporaryDirectory();
        var address = ChainAccount.Generate().Address.ToString();

        var run = await CliRun.RunAsync(
            "dashboard", "--rpc", "http://127.0.0.1:8545", "--registry", address, "--rounds", address, "--token", address, "--dispatch", address, "--data-dir", directory.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no coordinator store", run.Error);
    }
}
