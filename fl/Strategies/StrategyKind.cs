namespace Consortium.Fl.Strategies;

/// <summary>The strategies a consortium can run.</summary>
public enum StrategyKind
{
    /// <summary><see cref="Strategies.FedAvg"/>.</summary>
    FedAvg,

    /// <summary><see cref="Strategies.FedProx"/>.</summary>
    FedProx,

    /// <summary><see cref="Strategies.FedAdam"/>.</summary>
    FedAdam,

    /// <summary><see cref="Strategies.FedYogi"/>.</summary>
    FedYogi,
}
