using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// What a consortium is deployed with: its founding members (each staked with a founding allocation of
/// <see cref="MinStake"/> the registry mints), the governance and slashing parameters, and an optional treasury
/// allocation from which applicants can be funded. Later members join by vote; nobody keeps special rights.
/// </summary>
/// <param name="Founders">The founding members; exactly one is the <see cref="MemberRole.Coordinator"/>.</param>
public sealed record ConsortiumSetup(IReadOnlyList<FoundingMember> Founders)
{
    /// <summary>The stake every member holds (founders receive it minted) and every applicant escrows, in the token's smallest unit.</summary>
    public BigInteger MinStake { get; init; } = TokenAmount.FromTokens(100m);

    /// <summary>The share of active members, in basis points, whose approval admits an applicant or installs a coordinator (rounded up).</summary>
    public int AdmissionThresholdBps { get; init; } = 5_001;

    /// <summary>How long a leaving member's stake stays slashable before it can be withdrawn.</summary>
    public TimeSpan ExitNoticePeriod { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The account receiving <see cref="TreasuryAllocation"/>; the deployer when null.</summary>
    public ChainAddress? Treasury { get; init; }

    /// <summary>Tokens minted to the treasury at deployment, e.g. to fund the stakes of members who join later.</summary>
    public BigInteger TreasuryAllocation { get; init; }

    /// <summary>
    /// The share of its stake, in basis points, a member loses when an accusation of a malicious update against it is
    /// upheld (after its challenge window, and only if the members did not reverse it).
    /// </summary>
    public int MaliciousSlashBps { get; init; } = 5_000;

    /// <summary>The share a member that committed an update but did not deliver a valid one loses; at most <see cref="MaliciousSlashBps"/>.</summary>
    public int NonDeliverySlashBps { get; init; } = 1_000;

    /// <summary>
    /// How long a member accused of a malicious update has to dispute the accusation, and the members then have to vote
    /// on reversing it; whole seconds, at least one.
    /// </summary>
    public TimeSpan ChallengeWindow { get; init; } = TimeSpan.FromDays(2);

    /// <summary>
    /// The reward pool per round until the members vote another, in the token's smallest unit: the most a round can pay
    /// (snapshot when it is opened). Below 2^96.
    /// </summary>
    public BigInteger RewardPoolPerRound { get; init; } = TokenAmount.FromTokens(100m);

    /// <summary>A consortium founded by its coordinator alone, which then admits members by its own vote.</summary>
    /// <param name="coordinator">The coordinator's account.</param>
    /// <param name="name">The coordinator's display name.</param>
    public static ConsortiumSetup WithCoordinator(ChainAddress coordinator, string name = "Coordinator") =>
        new([new FoundingMember(coordinator, name, MemberRole.Coordinator)]);

    /// <summary>Checks the setup before anything is sent.</summary>
    /// <exception cref="ArgumentException">The setup cannot be deployed.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Founders);
        if (Founders.Count == 0 || Founders.Count(founder => founder.Role == MemberRole.Coordinator) != 1)
        {
            throw new ArgumentException("A consortium is founded with exactly one coordinator among its founders.", nameof(Founders));
        }

        if (Founders.Select(founder => founder.Account).Distinct().Count() != Founders.Count)
        {
            throw new ArgumentException("A founder is listed twice.", nameof(Founders));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MinStake, nameof(MinStake));
        ArgumentOutOfRangeException.ThrowIfNegative(TreasuryAllocation, nameof(TreasuryAllocation));
        ArgumentOutOfRangeException.ThrowIfLessThan(AdmissionThresholdBps, 1, nameof(AdmissionThresholdBps));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AdmissionThresholdBps, 10_000, nameof(AdmissionThresholdBps));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaliciousSlashBps, 10_000, nameof(MaliciousSlashBps));
        ArgumentOutOfRangeException.ThrowIfNegative(NonDeliverySlashBps, nameof(NonDeliverySlashBps));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NonDeliverySlashBps, MaliciousSlashBps, nameof(NonDeliverySlashBps));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExitNoticePeriod, TimeSpan.Zero, nameof(ExitNoticePeriod));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChallengeWindow, TimeSpan.FromSeconds(1), nameof(ChallengeWindow));
        ArgumentOutOfRangeException.ThrowIfNegative(RewardPoolPerRound, nameof(RewardPoolPerRound));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(RewardPoolPerRound, BigInteger.One << 96, nameof(RewardPoolPerRound));
    }
}
