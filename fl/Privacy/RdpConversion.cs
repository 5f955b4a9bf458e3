namespace Consortium.Fl.Privacy;

/// <summary>
/// From Rényi differential privacy, known at a list of orders, to (ε, δ)-differential privacy,
/// minimizing ε over the orders.
/// </summary>
public static class RdpConversion
{
    /// <summary>
    /// The conversion of Balle, Barthe, Gaboardi, Hsu and Sato, "Hypothesis Testing Interpretations and
    /// Rényi Differential Privacy", AISTATS 2020, Theorem 21 (the same bound as Canonne, Kamath and
    /// Steinke, NeurIPS 2020): ε = RDP(α) + log((α − 1)/α) − (log δ + log α)/(α − 1). Tighter than
    /// <see cref="ToApproximateDpClassic"/> at every order; the one the accountant uses.
    /// </summary>
    /// <param name="orders">Rényi orders, each greater than 1.</param>
    /// <param name="rdp">The RDP at each order (+∞ allowed).</param>
    /// <param name="delta">δ, in (0, 1).</param>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, or δ or an order is out of range.</exception>
    public static PrivacyGuarantee ToApproximateDp(ReadOnlySpan<double> orders, ReadOnlySpan<double> rdp, double delta) =>
        Minimize(orders, rdp, delta, static (alpha, value, logDelta) =>
            value + Math.Log((alpha - 1) / alpha) - (logDelta + Math.Log(alpha)) / (alpha - 1));

    /// <summary>
    /// The original conversion of Mironov, "Rényi Differential Privacy", CSF 2017, Proposition 3:
    /// ε = RDP(α) + log(1/δ)/(α − 1). Kept for comparing with results published with it.
    /// </summary>
    /// <inheritdoc cref="ToApproximateDp" />
    public static PrivacyGuarantee ToApproximateDpClassic(ReadOnlySpan<double> orders, ReadOnlySpan<double> rdp, double delta) =>
        Minimize(orders, rdp, delta, static (alpha, value, logDelta) => value - logDelta / (alpha - 1));

    private static PrivacyGuarantee Minimize(
        ReadOnlySpan<double> orders, ReadOnlySpan<double> rdp, double delta, Func<double, double, double, double> epsilonAt)
    {
        if (orders.Length != rdp.Length || orders.IsEmpty)
        {
            throw new ArgumentException($"{orders.Length} orders and {rdp.Length} RDP values; both must be the same non-zero length.", nameof(rdp));
        }

        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must lie strictly between 0 and 1.");
        }

        var logDelta = Math.Log(delta);
        var best = double.PositiveInfinity;
        var bestOrder = double.NaN;
        for (var i = 0; i < orders.Length; i++)
        {
            var alpha = orders[i];
            if (!(alpha > 1) || !double.IsFinite(alpha))
            {
                throw new ArgumentOutOfRangeException(nameof(orders), alpha, "Every Rényi order must be finite and greater than 1.");
            }

            if (!(rdp[i] >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(rdp), rdp[i], "RDP values must be zero or positive.");
            }

            var epsilon = epsilonAt(alpha, rdp[i], logDelta);
            if (epsilon < best)
            {
                best = epsilon;
                bestOrder = alpha;
            }
        }

        return new PrivacyGuarantee(Math.Max(0, best), delta, bestOrder);
    }
}
