namespace Consortium.Contracts.Ledger;

/// <summary>
/// The wear prices in force on the dispatch ledger: derived from the model battery round <paramref name="RoundId"/>
/// finalized, under the assumptions whose document hashes to <paramref name="AssumptionsHash"/>.
/// </summary>
/// <param name="RoundId">The battery-health round the prices came from; zero when none were published.</param>
/// <param name="ModelHash">The model that round finalized, as the round ledger holds it.</param>
/// <param name="AssumptionsHash">Keccak-256 of the stated assumptions (pack replacement cost, end of life, cycle depth).</param>
/// <param name="Prices">One price per chemistry, in the ledger's order (labels increasing).</param>
public sealed record WearPriceSet(ulong RoundId, Hash32 ModelHash, Hash32 AssumptionsHash, IReadOnlyList<WearPrice> Prices)
{
    /// <summary>No prices published.</summary>
    public static WearPriceSet None { get; } = new(0, Hash32.Zero, Hash32.Zero, []);

    /// <summary>Whether any prices were published.</summary>
    public bool IsPublished => RoundId != 0;

    /// <summary>The price of <paramref name="chemistry"/>, or null when the set has none for it.</summary>
    public WearPrice? Find(string chemistry) => Prices.FirstOrDefault(p => string.Equals(p.Chemistry, chemistry, StringComparison.Ordinal));
}
