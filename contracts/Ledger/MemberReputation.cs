using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>What the ledgers recorded about a member: the rounds it settled with their scores, and its slashes.</summary>
/// <param name="Member">The member.</param>
/// <param name="RoundsContributed">Rounds whose score and reward were claimed for it.</param>
/// <param name="TotalScore">The sum of those rounds' fixed-point scores (see <see cref="ContributionScore.Scale"/>).</param>
/// <param name="SlashCount">How many times part of its stake was taken.</param>
/// <param name="SlashedAmount">The tokens taken in total, in the token's smallest unit.</param>
/// <param name="MemberSince">When it was admitted (chain time); null for an account never admitted.</param>
public sealed record MemberReputation(
    ChainAddress Member, int RoundsContributed, BigInteger TotalScore, int SlashCount, BigInteger SlashedAmount, DateTimeOffset? MemberSince);
