using System.Numerics;

namespace Consortium.Dashboard.Audit;

/// <summary>One consortium member as the ledger knows it.</summary>
/// <param name="Name">The member's display name (an operator or an automaker).</param>
/// <param name="Address">The member's account, as a 0x-prefixed hex address.</param>
/// <param name="TokenBalance">The member's reward-token balance in base units (18 decimals).</param>
/// <param name="Registered">Whether the registry currently lists the member as active.</param>
public sealed record MemberView(string Name, string Address, BigInteger TokenBalance, bool Registered);
