namespace Consortium.Contracts.Ledger;

/// <summary>The shares of its stake a member loses when excluded from a round, in basis points (10 000 = all).</summary>
/// <param name="MaliciousBps">For an update judged malicious.</param>
/// <param name="NonDeliveryBps">For a committed update never delivered, or invalid.</param>
public sealed record RoundSlashRates(int MaliciousBps, int NonDeliveryBps);
