using System.Numerics;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Audit;

/// <summary>
/// Members' stakes as the registry's events let an auditor rebuild them: the stake each registered with, every slash
/// since (by either ledger, in chain order), and the stake it holds now. A stake that also changed otherwise (a top-up,
/// whose events the ledger clients do not read, or a withdrawal) cannot be placed in time, and is said so.
/// </summary>
internal sealed class StakeHistory
{
    private readonly IMemberRegistry _registry;
    private readonly IReadOnlyList<MemberRegisteredEvent> _registrations;
    private readonly IReadOnlyList<MemberSlashedEvent> _slashes;

    private StakeHistory(IMemberRegistry registry, IReadOnlyList<MemberRegisteredEvent> registrations, IReadOnlyList<MemberSlashedEvent> slashes)
    {
        _registry = registry;
        _registrations = registrations;
        _slashes = slashes;
    }

    /// <summary>Reads every registration and every slash the registry recorded.</summary>
    public static async Task<StakeHistory> ReadAsync(IMemberRegistry registry)
    {
        var registrations = registry.GetMemberRegisteredEventsAsync();
        var slashes = registry.GetMemberSlashedEventsAsync();
        await Task.WhenAll(registrations, slashes).ConfigureAwait(false);
        return new StakeHistory(registry, await registrations.ConfigureAwait(false), await slashes.ConfigureAwait(false));
    }

    /// <summary>Every slash of <paramref name="member"/>, in chain order.</summary>
    public IEnumerable<MemberSlashedEvent> SlashesOf(ChainAddress member) => _slashes.Where(slash => slash.Member == member);

    /// <summary>
    /// The stake the member of <paramref name="slash"/> held just before it, or <see langword="null"/> with the reason
    /// (completing "not verified, because ...") when the events do not determine it.
    /// </summary>
    public async Task<(BigInteger? Stake, string Reason)> StakeBeforeAsync(MemberSlashedEvent slash)
    {
        ArgumentNullException.ThrowIfNull(slash);
        var registration = _registrations.LastOrDefault(r => r.Member == slash.Member && r.BlockNumber <= slash.BlockNumber);
        if (registration is null)
        {
            return (null, "the registry records no registration of its member before the slash");
        }

        var since = _slashes.Where(s => s.Member == slash.Member && s.BlockNumber >= registration.BlockNumber).ToList();
        var record = await _registry.GetMemberAsync(slash.Member).ConfigureAwait(false);
        if (record.Status is not (MemberStatus.Active or MemberStatus.Leaving))
        {
            return (null, "its member has since withdrawn its stake, so its stake before the slash cannot be rebuilt");
        }

        var otherwise = record.Stake + Sum(since) - registration.Stake;
        if (!otherwise.IsZero)
        {
            return (null, $"its member's stake also changed by {otherwise} other than by slashes since it registered (a top-up), which the ledger clients cannot place in time");
        }

        return (registration.Stake - Sum(since.TakeWhile(s => !ReferenceEquals(s, slash))), string.Empty);
    }

    private static BigInteger Sum(IEnumerable<MemberSlashedEvent> slashes) => slashes.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Amount);
}
