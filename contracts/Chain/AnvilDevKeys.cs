namespace Consortium.Contracts.Chain;

/// <summary>
/// The published development key of the first account of anvil's and Hardhat's default mnemonic
/// ("test test … junk"). Funded on every such development chain; never holds value elsewhere.
/// Used by the demo with <c>--rpc</c> when no <c>--deployer-key</c> is given, and as the demo grid party's signing key.
/// </summary>
public static class AnvilDevKeys
{
    /// <summary>Account 0: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.</summary>
    public const string First = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>
    /// Account 9 (the last of anvil's ten): 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720. The demo's grid party signs its
    /// flexibility requests with it; it only signs, so it needs no funds on any chain. Published: a stand-in, not a secret.
    /// </summary>
    public const string GridParty = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
}
