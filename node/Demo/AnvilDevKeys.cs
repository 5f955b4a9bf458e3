namespace Consortium.Node.Demo;

/// <summary>
/// The published development key of the first account of anvil's and Hardhat's default mnemonic
/// ("test test … junk"). Funded on every such development chain; never holds value elsewhere.
/// Used by the demo with <c>--rpc</c> when no <c>--deployer-key</c> is given.
/// </summary>
public static class AnvilDevKeys
{
    /// <summary>Account 0: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.</summary>
    public const string First = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
}
