namespace Consortium.Dashboard.Audit;

/// <summary>The ledger the consortium records on and the addresses of its contracts.</summary>
/// <param name="RpcUrl">The JSON-RPC endpoint the node reads from.</param>
/// <param name="ChainId">The EIP-155 chain id reported by that endpoint.</param>
/// <param name="RegistryAddress">The member registry contract, as a 0x-prefixed hex address.</param>
/// <param name="RoundsAddress">The training-round contract, as a 0x-prefixed hex address.</param>
/// <param name="TokenAddress">The reward token contract, as a 0x-prefixed hex address.</param>
/// <param name="LatestBlock">The newest block number when the snapshot was read.</param>
public sealed record ChainInfo(
    string RpcUrl,
    ulong ChainId,
    string RegistryAddress,
    string RoundsAddress,
    string TokenAddress,
    ulong LatestBlock);
