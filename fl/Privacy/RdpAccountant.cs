namespace Consortium.Fl.Privacy;

/// <summary>
/// Tracks the privacy a member has spent over rounds of the (sampled) Gaussian mechanism: RDP adds up
/// over rounds at every order (Mironov 2017, Proposition 1), and the total converts to (ε, δ) with
/// <see cref="RdpConversion.ToApproximateDp"/>.
/// </summary>
public sealed class RdpAccountant
{
    private readonly double[] _orders;
    private readonly double[] _rdp;

    /// <summary>Creates an accountant that has spent nothing.</summary>
    /// <param name="orders">Rényi orders to track, each finite and greater than 1; <see cref="DefaultOrders"/> when null.</param>
    /// <exception cref="ArgumentException">No order, or an order out of range.</exception>
    public RdpAccountant(IReadOnlyList<double>? orders = null)
    {
        orders ??= DefaultOrders;
        if (orders.Count == 0)
        {
            throw new ArgumentException("At least one Rényi order is needed.", nameof(orders));
        }

        _orders = new double[orders.Count];
        for (var i = 0; i < _orders.Length; i++)
        {
            var order = orders[i];
            if (!(order > 1) || !double.IsFinite(order))
            {
                throw new ArgumentOutOfRangeException(nameof(orders), order, "Every Rényi order must be finite and greater than 1.");
            }

            _orders[i] = order;
        }

        _rdp = new double[_orders.Length];
    }

    /// <summary>
    /// The orders TensorFlow Privacy and Opacus track by default: 1.1 to 10.9 in steps of 0.1, then the
    /// integers 12 to 63.
    /// </summary>
    public static IReadOnlyList<double> DefaultOrders { get; } = BuildDefaultOrders();

    /// <summary>The tracked orders.</summary>
    public IReadOnlyList<double> Orders => _orders;

    /// <summary>The RDP spent so far at each order, in the order of <see cref="Orders"/>.</summary>
    public ReadOnlySpan<double> Rdp => _rdp;

    /// <summary>Rounds composed so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>Adds <paramref name="rounds"/> rounds of the sampled Gaussian mechanism.</summary>
    /// <param name="noiseMultiplier">σ, the noise standard deviation over the clip norm.</param>
    /// <param name="samplingRate">q, the probability that the member takes part in a round.</param>
    /// <param name="rounds">How many rounds, at least 1.</param>
    public void Compose(double noiseMultiplier, double samplingRate = 1, int rounds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        for (var i = 0; i < _orders.Length; i++)
        {
            _rdp[i] += rounds * SampledGaussianRdp.Compute(samplingRate, noiseMultiplier, _orders[i]);
        }

        Rounds += rounds;
    }

    /// <summary>The (ε, δ) guarantee of everything composed so far; ε = 0 before any round.</summary>
    /// <param name="delta">δ, in (0, 1).</param>
    public PrivacyGuarantee Guarantee(double delta) =>
        Rounds == 0 ? new PrivacyGuarantee(0, delta, double.NaN) : RdpConversion.ToApproximateDp(_orders, _rdp, delta);

    /// <summary>
    /// The guarantee there would be after <paramref name="additionalRounds"/> more rounds of the mechanism,
    /// leaving the accountant as it is.
    /// </summary>
    public PrivacyGuarantee GuaranteeAfter(double noiseMultiplier, double samplingRate, int additionalRounds, double delta)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(additionalRounds);
        if (additionalRounds == 0)
        {
            return Guarantee(delta);
        }

        var projected = new double[_orders.Length];
        for (var i = 0; i < _orders.Length; i++)
        {
            projected[i] = _rdp[i] + additionalRounds * SampledGaussianRdp.Compute(samplingRate, noiseMultiplier, _orders[i]);
        }

        return RdpConversion.ToApproximateDp(_orders, projected, delta);
    }

    private static double[] BuildDefaultOrders()
    {
        var orders = new double[99 + 52];
        for (var x = 1; x < 100; x++)
        {
            orders[x - 1] = 1 + x / 10.0;
        }

        for (var order = 12; order < 64; order++)
        {
            orders[99 + order - 12] = order;
        }

        return orders;
    }
}
