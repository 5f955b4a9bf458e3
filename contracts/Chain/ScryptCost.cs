namespace Consortium.Contracts.Chain;

/// <summary>Scrypt's cost parameters for a keystore.</summary>
/// <param name="N">CPU and memory cost, a power of two.</param>
/// <param name="R">Block size.</param>
/// <param name="P">Parallelism.</param>
public sealed record ScryptCost(int N, int R, int P);
