namespace Consortium.Fl.Privacy;

/// <summary>
/// Arithmetic on positive numbers held as their natural logarithms, and the few special functions
/// the Rényi-DP bounds need in that form. Zero is <see cref="double.NegativeInfinity"/>.
/// </summary>
internal static class LogSpace
{
    private static readonly double LogSqrtPi = 0.5 * Math.Log(Math.PI);

    /// <summary>log(eˣ + eʸ).</summary>
    public static double Add(double x, double y)
    {
        var (small, large) = x < y ? (x, y) : (y, x);
        if (double.IsNegativeInfinity(small))
        {
            return large;
        }

        return large + double.LogP1(Math.Exp(small - large));
    }

    /// <summary>log(eˣ − eʸ) for x ≥ y; <see cref="double.NegativeInfinity"/> when they are equal.</summary>
    public static double Subtract(double x, double y)
    {
        if (x < y)
        {
            throw new ArgumentException($"log-space subtraction would be negative: e^{x} - e^{y}.");
        }

        if (double.IsNegativeInfinity(y))
        {
            return x;
        }

        if (x == y)
        {
            return double.NegativeInfinity;
        }

        // e^x − e^y = e^x (1 − e^(y−x)); log1p(−e^(y−x)) keeps precision when y is close to x.
        return x + Math.Log(-double.ExpM1(y - x));
    }

    /// <summary>
    /// log erfc(x), accurate in relative terms for any finite x, including arguments where erfc(x)
    /// underflows a double.
    /// </summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            // erfc(x) = 2 − erfc(−x), and erfc(−x) ≤ 1 here, so no cancellation.
            return Math.Log(2 - Math.Exp(Erfc(-x)));
        }

        if (x < 2)
        {
            return Math.Log(1 - ErfBySeries(x));
        }

        return -x * x - LogSqrtPi + Math.Log(ErfcContinuedFraction(x));
    }

    /// <summary>
    /// erf(x) = 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)): every term positive, so the sum
    /// loses no precision to cancellation (Abramowitz and Stegun 7.1.6).
    /// </summary>
    private static double ErfBySeries(double x)
    {
        var term = x;
        var sum = x;
        var twoXSquared = 2 * x * x;
        for (var n = 1; n < 500; n++)
        {
            term *= twoXSquared / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
    }

    /// <summary>
    /// √π·e^(x²)·erfc(x) by the continued fraction 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
    /// (Abramowitz and Stegun 7.1.14), evaluated with the modified Lentz method; converges in tens of steps for x ≥ 2.
    /// </summary>
    private static double ErfcContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var k = 1; k < 1000; k++)
        {
            var a = k / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var change = c * d;
            f *= change;
            if (Math.Abs(change - 1) < 1e-16)
            {
                break;
            }
        }

        return 1 / f;
    }
}
