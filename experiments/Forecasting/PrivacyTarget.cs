namespace Consortium.Experiments.Forecasting;

/// <summary>The (ε, δ) every member of a DP setting must stay within over all the experiment's rounds, and where the noise goes.</summary>
/// <param name="Epsilon">Target ε.</param>
/// <param name="Delta">Target δ.</param>
/// <param name="Mode">Local (each member adds all the noise) or on the secure sum (each adds its share).</param>
/// <param name="SimulatedMembers">
/// With <see cref="PrivacyMode.SecureSum"/>: a consortium of this many members simulated on the setting's real members (see
/// <see cref="SecureSumSimulation"/>); null when the sum is over the real members only.
/// </param>
public sealed record PrivacyTarget(double Epsilon, double Delta, PrivacyMode Mode = PrivacyMode.Local, int? SimulatedMembers = null)
{
    /// <summary>The mode as written in reports: local or secure-sum.</summary>
    public string ModeName => Mode == PrivacyMode.Local ? "local" : "secure-sum";
}
