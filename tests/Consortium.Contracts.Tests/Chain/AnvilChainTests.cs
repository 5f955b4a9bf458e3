using System.Diagnostics;
using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Chain;

[Collection(AnvilCollection.Name)]
public sealed class AnvilChainTests(AnvilFixture anvil)
{
    private static readonly BigInteger TenThousandEther = BigInteger.Pow(10, 22);

    [Fact]
    public async Task AnvilListensOnLoopbackWithItsChainIdAndFundedDevelopmentAccounts()
    {
        var connection = ChainConnection.ReadOnly(anvil.Chain.RpcUrl);

        Assert.StartsWith("http://127.0.0.1:", anvil.Chain.RpcUrl);
        Assert.NotEqual(0, anvil.Chain.Port);
        Assert.Equal(31337L, await connection.GetChainIdAsync());
        Assert.Equal(10, anvil.Chain.DevAccounts.Count);
        Assert.Equal(ChainAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), anvil.Chain.DevAccounts[0].Address);
        Assert.Equal(TenThousandEther, await connection.GetEtherBalanceAsync(anvil.Chain.DevAccounts[9].Address));
    }

    [Fact]
    public async Task DisposingTheChainStopsTheAnvilProcess()
    {
        var chain = await AnvilChain.StartAsync(new AnvilOptions { Accounts = 1 });
        var process = Process.GetProcessById(chain.ProcessId);

        await chain.DisposeAsync();

        Assert.True(process.WaitForExit(5_000));
        await Assert.ThrowsAsync<LedgerException>(() => ChainConnection.ReadOnly(chain.RpcUrl).GetBlockNumberAsync());
    }

    [Fact]
    public async Task OldBlockStatesGoToAFolderOfTheChainsOwnThatStoppingRemoves()
    {
        var chain = await AnvilChain.StartAsync(new AnvilOptions { Accounts = 1 });
        var folder = chain.StateCachePath;
        Assert.StartsWith(Path.GetTempPath(), folder);

        // anvil was told to use it (the command line as the kernel holds it, arguments separated by NUL)...
        var commandLine = (await File.ReadAllTextAsync($"/proc/{chain.ProcessId}/cmdline")).Split('\0');
        var at = Array.IndexOf(commandLine, "--cache-path");
        Assert.True(at >= 0 && commandLine[at + 1] == folder, string.Join(' ', commandLine));

        // ...and spills old states there once they no longer fit in memory; they go with the chain.
        var client = new Nethereum.JsonRpc.Client.RpcClient(new Uri(chain.RpcUrl));
        bool Spilled() => Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any();
        for (var k = 0; k < 20 && !Spilled(); k++)
        {
            await client.SendRequestAsync<object>("anvil_mine", null, "0x64");
        }

        Assert.True(Spilled(), "anvil kept every state in memory; nothing reached the folder.");
        await chain.DisposeAsync();

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task ChainStateSurvivesARestartWhenAStateFileIsGiven()
    {
        var statePath = Path.Combine(Path.GetTempPath(), $"consortium-anvil-{Guid.NewGuid():N}.json");
        try
        {
            ConsortiumAddresses addresses;
            await using (var first = await AnvilChain.StartAsync(new AnvilOptions { StatePath = statePath }))
            {
                addresses = await ConsortiumDeployment.DeployAsync(
                    first.RpcUrl, first.DevAccounts[0].PrivateKey, ConsortiumSetup.WithCoordinator(first.DevAccounts[0].Address));
            }

            await using var second = await AnvilChain.StartAsync(new AnvilOptions { StatePath = statePath });
            var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(second.RpcUrl), addresses);

            Assert.True(await ledger.IsDeployedAsync());
            Assert.Equal(second.DevAccounts[0].Address, await ledger.Rounds.GetCoordinatorAsync());
        }
        finally
        {
            File.Delete(statePath);
        }
    }

    [Fact]
    public async Task StartingFromAMissingExecutableFailsWithoutLeavingAChain()
    {
        var options = new AnvilOptions { ExecutablePath = Path.Combine(Path.GetTempPath(), "no-such-anvil") };

        await Assert.ThrowsAnyAsync<Exception>(() => AnvilChain.StartAsync(options));
    }

    [Fact]
    public void TheBuildInstalledAnvilIsFoundFromTheTestOutput()
    {
        var path = AnvilExecutable.Locate();

        Assert.True(File.Exists(path));
        Assert.Contains("@foundry-rs", path);
    }

    [Fact]
    public void AnvilEnvironmentVariablePointingNowhereIsReported()
    {
        var previous = Environment.GetEnvironmentVariable(AnvilExecutable.EnvironmentVariable);
        Environment.SetEnvironmentVariable(AnvilExecutable.EnvironmentVariable, "/nonexistent/anvil");
        try
        {
            var missing = Assert.Throws<FileNotFoundException>(AnvilExecutable.Locate);
            Assert.Contains(AnvilExecutable.EnvironmentVariable, missing.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(AnvilExecutable.EnvironmentVariable, previous);
        }
    }
}
