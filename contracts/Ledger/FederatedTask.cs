namespace Consortium.Contracts.Ledger;

/// <summary>
/// The federated tasks a consortium trains on its one round ledger. Each task's rounds form their own chain of models
/// (a round starts from the model its task's previous round finalized); scores and rewards are paid in the same token.
/// The numbers are written on chain with each round (<c>RoundOpened.task</c>) and never reused.
/// </summary>
public enum FederatedTask : uint
{
    /// <summary>The operators' short-term load forecast, trained on their charging sessions.</summary>
    LoadForecast = 1,

    /// <summary>The automakers' battery state-of-health model, trained on their cells' ageing records.</summary>
    BatteryHealth = 2,
}
