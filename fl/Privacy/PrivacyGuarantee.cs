namespace Consortium.Fl.Privacy;

/// <summary>An (ε, δ)-differential-privacy guarantee and the Rényi order it was derived from.</summary>
/// <param name="Epsilon">ε, zero or positive; +∞ when nothing is guaranteed.</param>
/// <param name="Delta">δ, the probability with which the ε bound may fail.</param>
/// <param name="Order">The Rényi order α that gave the smallest ε; NaN when no order gave a finite one.</param>
public readonly record struct PrivacyGuarantee(double Epsilon, double Delta, double Order)
{
    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"(ε = {Epsilon:G6}, δ = {Delta:G3}) at order {Order:G4}");
}
