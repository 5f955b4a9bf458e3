namespace Consortium.Contracts.Chain;

/// <summary>How <see cref="AnvilChain"/> starts anvil.</summary>
public sealed record AnvilOptions
{
    /// <summary>The anvil executable; <see cref="AnvilExecutable.Locate"/> when null.</summary>
    public string? ExecutablePath { get; init; }

    /// <summary>The loopback port to listen on; 0 lets the system pick a free one.</summary>
    public int Port { get; init; }

    /// <summary>The chain id anvil reports and signs for.</summary>
    public long ChainId { get; init; } = 31337;

    /// <summary>How many funded development accounts anvil creates from its default mnemonic.</summary>
    public int Accounts { get; init; } = 10;

    /// <summary>The ether balance of each development account.</summary>
    public int BalanceEther { get; init; } = 10_000;

    /// <summary>Seconds between blocks; null mines one block per transaction as it arrives.</summary>
    public int? BlockTimeSeconds { get; init; }

    /// <summary>A file the chain's state is loaded from at start and saved to periodically and at stop; null keeps it in memory.</summary>
    public string? StatePath { get; init; }

    /// <summary>How long to wait for anvil to start listening.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
