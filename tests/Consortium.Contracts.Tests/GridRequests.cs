using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Nethereum.Signer;

namespace Consortium.Contracts.Tests;

/// <summary>
/// Grid-party requests for the ledger tests: terms built from a label, registered by the members' votes and signed over
/// the digest the ledger computes (an independent signing path from the node's EIP-712 typed data, which a node test
/// checks against the same contract).
/// </summary>
internal static class GridRequests
{
    /// <summary>The test grid party: anvil's documented development account 9.</summary>
    public static ChainAccount GridKey { get; } = ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty);

    /// <summary>Energy committed and reported by the helpers below when a test does not say: 1 GWh, beyond any test's amounts.</summary>
    public const ulong AmpleWh = 1_000_000_000;

    /// <summary>0.001 token per kWh delivered, 0.01 token per kWh beyond 2 % or 0.5 kWh.</summary>
    public static FlexibilityTerms Terms(Hash32 label, ChainAddress? gridParty = null, BigInteger? rewardWeiPerKwh = null, BigInteger? penaltyWeiPerKwh = null)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return new FlexibilityTerms(
            label,
            gridParty ?? GridKey.Address,
            now,
            new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero),
            15,
            96,
            Keccak.Hash([.. label.ToArray(), 7]),
            1_000_000,
            rewardWeiPerKwh ?? BigInteger.Pow(10, 15),
            penaltyWeiPerKwh ?? BigInteger.Pow(10, 16),
            200,
            500);
    }

    /// <summary>r ‖ s ‖ v of <paramref name="key"/> over the digest the ledger computes for <paramref name="terms"/>.</summary>
    public static async Task<byte[]> SignAsync(IDispatchLedger ledger, FlexibilityTerms terms, ChainAccount key)
    {
        var digest = await ledger.GetRequestDigestAsync(terms);
        var signature = new EthECKey(key.PrivateKey[2..]).SignAndCalculateV(digest.ToArray());
        return [.. Word(signature.R), .. Word(signature.S), .. signature.V];
    }

    private static byte[] Word(byte[] value) => [.. new byte[32 - value.Length], .. value];

    /// <summary>Registers the test grid party with the votes of the consortium's members the fixture holds keys of, once per consortium.</summary>
    public static async Task RegisterAsync(IDispatchLedger dispatch, ChainAddress? party = null)
    {
        var account = party ?? GridKey.Address;
        _rpcUrl.Value = (dispatch as DispatchLedgerClient)?.Connection.RpcUrl;
        var registryAddress = await dispatch.GetMemberRegistryAsync();
        var proposer = AnvilFixture.Keys[await dispatch.GetCoordinatorAsync()];
        var registry = Registry(registryAddress, proposer);
        if (await registry.IsGridPartyAsync(account))
        {
            return;
        }

        var proposal = await registry.ProposeGridPartyAsync(account, "test grid party");
        foreach (var member in await registry.GetMembersAsync())
        {
            if (AnvilFixture.Keys.TryGetValue(member, out var key))
            {
                await Registry(registryAddress, key).VoteAsync(proposal.ProposalId);
                if (await registry.IsGridPartyAsync(account))
                {
                    return;
                }
            }
        }

        throw new InvalidOperationException($"the fixture's members could not register {account} as a grid party");
    }

    private static MemberRegistryClient Registry(ChainAddress address, ChainAccount key) =>
        new(ChainConnection.WithSigner(_rpcUrl.Value ?? AnvilFixture.CurrentRpcUrl, key, new ChainConnectionOptions { ChainId = 31337 }), address);

    private static readonly AsyncLocal<string?> _rpcUrl = new();

    /// <summary>Opens an event for a request labelled <paramref name="label"/>, signed by the registered test grid party.</summary>
    public static async Task<DispatchOpening> OpenDispatchAsync(
        this IDispatchLedger ledger, Hash32 label, DateTimeOffset allocationDeadline, DateTimeOffset deliveryDeadline, BigInteger? rewardWeiPerKwh = null)
    {
        await RegisterAsync(ledger);
        var terms = Terms(label, rewardWeiPerKwh: rewardWeiPerKwh);
        var signature = await SignAsync(ledger, terms, GridKey);
        return await ledger.OpenDispatchAsync(terms, signature, allocationDeadline, deliveryDeadline);
    }

    /// <summary>Commits an allocation of <see cref="AmpleWh"/>.</summary>
    public static Task<LedgerTransaction> CommitAllocationAsync(this IDispatchLedger ledger, ulong eventId, Hash32 allocationHash) =>
        ledger.CommitAllocationAsync(eventId, allocationHash, AmpleWh);

    /// <summary>Reports a delivery of <see cref="AmpleWh"/>.</summary>
    public static Task<LedgerTransaction> ReportDeliveryAsync(this IDispatchLedger ledger, ulong eventId, Hash32 deliveryHash) =>
        ledger.ReportDeliveryAsync(eventId, deliveryHash, AmpleWh);
}
