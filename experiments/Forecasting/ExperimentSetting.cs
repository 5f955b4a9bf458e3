using System.Globalization;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// One line of the experiment: what forecasts (<paramref name="Kind"/>), and for a federated setting
/// with which strategy and aggregator, under which attack and with which privacy target. The engine
/// runs every setting the same way from this description alone.
/// </summary>
/// <param name="Kind">Seasonal naive, local-only, centralized or federated.</param>
/// <param name="Strategy">Federated strategy (fedavg, fedprox, fedadam, fedyogi); null otherwise.</param>
/// <param name="Aggregator">Federated aggregator (mean, median, trimmed-mean, multi-krum, norm-bounded-mean); null otherwise.</param>
/// <param name="Attack">The attack, or null.</param>
/// <param name="Privacy">The differential-privacy target, or null.</param>
/// <param name="Members">Operators in the consortium the setting runs on (attackers included).</param>
public sealed record ExperimentSetting(
    SettingKind Kind,
    string? Strategy,
    string? Aggregator,
    AttackScenario? Attack,
    PrivacyTarget? Privacy,
    int Members)
{
    /// <summary>The kind as written in reports: seasonal-naive, local-only, centralized, federated.</summary>
    public string KindName => Kind switch
    {
        SettingKind.SeasonalNaive => "seasonal-naive",
        SettingKind.LocalOnly => "local-only",
        SettingKind.Centralized => "centralized",
        SettingKind.Federated => "federated",
        _ => throw new InvalidOperationException($"Unknown setting kind {Kind}."),
    };

    /// <summary>Whether the setting trains a model (everything but seasonal naive).</summary>
    public bool Trains => Kind != SettingKind.SeasonalNaive;

    /// <summary>A one-line name for progress lines and tables, e.g. "federated fedavg median, sign-flip 1 of 5".</summary>
    public string Label
    {
        get
        {
            var label = KindName;
            if (Strategy is not null)
            {
                label += $" {Strategy} {Aggregator}";
            }

            if (Attack is { } attack)
            {
                label += $", {attack.KindName} {attack.Attackers} of {attack.Members}";
            }
            else if (Kind == SettingKind.Federated && Privacy is null)
            {
                label += $" ({Members} members)";
            }

            if (Privacy is { } privacy)
            {
                label += privacy.Mode == PrivacyMode.Local
                    ? string.Create(CultureInfo.InvariantCulture, $", DP ε={privacy.Epsilon:0.##}")
                    : string.Create(CultureInfo.InvariantCulture, $", DP ε={privacy.Epsilon:0.##} on the secure sum");
                label += privacy.SimulatedMembers is { } simulated
                    ? $" ({simulated} members simulated on {Members})"
                    : $" ({Members} members)";
            }

            return label;
        }
    }
}
