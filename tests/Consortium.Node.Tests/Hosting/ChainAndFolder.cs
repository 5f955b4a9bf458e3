using Consortium.Contracts.Chain;

namespace Consortium.Node.Tests.Hosting;

/// <summary>A test with an anvil chain of its own and a data folder of its own, both removed when it ends.</summary>
/// <param name="prefix">The start of the folder's name under the temporary folder.</param>
public abstract class ChainAndFolder(string prefix) : IAsyncLifetime
{
    /// <summary>The test's data folder (not created).</summary>
    protected string DataDir { get; } = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    /// <summary>The test's chain, started before the test runs.</summary>
    protected AnvilChain Chain { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Chain = await AnvilChain.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Chain.DisposeAsync();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
