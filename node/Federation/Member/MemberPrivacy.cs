using Consortium.Fl.Privacy;

namespace Consortium.Node.Federation.Member;

/// <summary>
/// A member's differential-privacy settings: its (ε, δ) budget and the number of rounds it plans to
/// spend it over, from which the Gaussian noise multiplier is calibrated (DP-FedAvg, client side).
/// </summary>
/// <param name="Epsilon">Total ε the member accepts to spend.</param>
/// <param name="Delta">The δ of the guarantee.</param>
/// <param name="ClipNorm">L2 bound on the member's update delta before noise.</param>
/// <param name="PlannedRounds">Rounds the budget is calibrated for; the member stops contributing once it is spent.</param>
public sealed record MemberPrivacy(double Epsilon, double Delta, double ClipNorm, int PlannedRounds)
{
    /// <summary>The noise settings that spend exactly the budget over the planned rounds.</summary>
    public ClientPrivacyOptions Noise() => ClientPrivacyOptions.ForBudget(ClipNorm, Epsilon, Delta, PlannedRounds);
}
