using System.Numerics;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests;

/// <summary>Steps many ledger tests share: a round opened, committed by members and finalized with a table.</summary>
internal static class LedgerScenario
{
    public static readonly Hash32 GlobalModel = Keccak.Hash("global model v1"u8);
    public static readonly Hash32 NewModel = Keccak.Hash("global model v2"u8);

    public static DateTimeOffset InAnHour => DateTimeOffset.UtcNow.AddHours(1);

    public static DateTimeOffset InTwoHours => DateTimeOffset.UtcNow.AddHours(2);

    public static ChainAddress AddressOf(ConsortiumLedger ledger) => ledger.Account!.Value;

    /// <summary>
    /// The concrete round ledger client of <paramref name="ledger"/>'s account, for the internal finalization that takes
    /// the contract's arguments one by one (a coordinator whose commitments disagree with its table).
    /// </summary>
    public static RoundLedgerClient RoundsClient(ConsortiumLedger ledger) => new(ledger.Connection, ledger.Addresses.Rounds);

    public static Task<RoundOpening> OpenAsync(ConsortiumLedger coordinator, FederatedTask task = FederatedTask.LoadForecast) =>
        coordinator.Rounds.OpenRoundAsync(task, GlobalModel, InAnHour, InTwoHours);

    public static Hash32 UpdateOf(ConsortiumLedger member, ulong roundId) =>
        Keccak.Hash([.. System.Text.Encoding.ASCII.GetBytes(AddressOf(member).ToString()), (byte)roundId]);

    /// <summary>Opens a round, has every member commit, and finalizes it with each member scored and rewarded.</summary>
    public static async Task<RoundScoreTable> RunRoundAsync(
        ConsortiumLedger coordinator, IReadOnlyList<ConsortiumLedger> members, Func<int, BigInteger>? rewardOf = null, FederatedTask task = FederatedTask.LoadForecast)
    {
        var opening = await OpenAsync(coordinator, task);
        await Task.WhenAll(members.Select(m => m.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(m, opening.RoundId))));
        var table = RoundScoreTable.Create(
            opening.RoundId,
            members.Select((m, i) => new MemberScore(AddressOf(m), 100_000 * (i + 1), rewardOf?.Invoke(i) ?? TokenAmount.FromTokens(i + 1))).ToArray(),
            []);
        await coordinator.Rounds.FinalizeRoundAsync(table, NewModel);
        return table;
    }
}
