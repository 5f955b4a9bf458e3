using System.Numerics;

namespace Consortium.Dashboard.Audit;

/// <summary>A member's contribution score and reward for a finalized round.</summary>
/// <param name="Member">The member's address.</param>
/// <param name="Score">The contribution score the coordinator recorded.</param>
/// <param name="Reward">The reward in token base units (18 decimals).</param>
public sealed record ScoreView(string Member, double Score, BigInteger Reward);
