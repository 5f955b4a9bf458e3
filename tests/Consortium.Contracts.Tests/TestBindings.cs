using System.Numerics;
using Consortium.Contracts.Bindings;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Consortium.Contracts.Tests;

// Messages only the tests send: calls the library never makes (the registry's ledger-only entry points are the ledgers'
// to call) and deployments of one contract alone, which the registry otherwise creates itself.

[Function("recordContribution")]
internal sealed class RecordContributionFunction : FunctionMessage
{
    [Parameter("address", "member", 1)]
    public string Member { get; set; } = string.Empty;

    [Parameter("int256", "score", 2)]
    public BigInteger Score { get; set; }
}

internal sealed class RoundLedgerDeployment : ContractDeploymentMessage
{
    public RoundLedgerDeployment()
        : base(ContractArtifact.RoundLedger.Bytecode)
    {
    }

    [Parameter("address", "registry", 1)]
    public string Registry { get; set; } = string.Empty;

    [Parameter("address", "token", 2)]
    public string Token { get; set; } = string.Empty;

    [Parameter("uint256", "minStake_", 3)]
    public BigInteger MinStake { get; set; }

    [Parameter("uint16", "maliciousSlashBps_", 4)]
    public ushort MaliciousSlashBps { get; set; }

    [Parameter("uint16", "nonDeliverySlashBps_", 5)]
    public ushort NonDeliverySlashBps { get; set; }

    [Parameter("uint64", "challengeWindow_", 6)]
    public ulong ChallengeWindow { get; set; }
}

internal sealed class DispatchLedgerDeployment : ContractDeploymentMessage
{
    public DispatchLedgerDeployment()
        : base(ContractArtifact.DispatchLedger.Bytecode)
    {
    }

    [Parameter("address", "registry", 1)]
    public string Registry { get; set; } = string.Empty;
}

internal sealed class RewardTokenDeployment : ContractDeploymentMessage
{
    public RewardTokenDeployment()
        : base(ContractArtifact.RewardToken.Bytecode)
    {
    }

    [Parameter("address", "minter_", 1)]
    public string Minter { get; set; } = string.Empty;
}
