using System.Globalization;

namespace Consortium.Fl.Privacy;

/// <summary>
/// A member's own differential-privacy budget (ε, δ) over the rounds it contributes to. After every
/// round it says what has been spent; before a round it says whether the member can still afford it.
/// A member stops contributing once the next round would take it beyond its ε.
/// </summary>
/// <remarks>
/// The spent ε is that of <see cref="RdpAccountant"/>: RDP composed over the rounds paid for, converted
/// with <see cref="RdpConversion.ToApproximateDp"/>. With sampling rate 1 a member pays only for the
/// rounds it sends an update in. A sampling rate q &lt; 1 (amplification by sampling) is sound only
/// against an observer who does not learn whether the member was selected, and then every round of the
/// run is paid for at rate q, selected or not; the coordinator, who sees who sent what, is not such an
/// observer.
/// </remarks>
public sealed class PrivacyBudget
{
    private readonly RdpAccountant _accountant;

    /// <summary>Opens a budget on which nothing has been spent.</summary>
    /// <param name="targetEpsilon">The most ε the member accepts, positive.</param>
    /// <param name="delta">δ, in (0, 1); usually below 1 / (number of members).</param>
    /// <param name="orders">Rényi orders; <see cref="RdpAccountant.DefaultOrders"/> when null.</param>
    public PrivacyBudget(double targetEpsilon, double delta, IReadOnlyList<double>? orders = null)
    {
        if (!(targetEpsilon > 0) || !double.IsFinite(targetEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon, "The budget ε must be positive and finite.");
        }

        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must lie strictly between 0 and 1.");
        }

        TargetEpsilon = targetEpsilon;
        Delta = delta;
        _accountant = new RdpAccountant(orders);
        Spent = new PrivacyGuarantee(0, delta, double.NaN);
    }

    /// <summary>The most ε the member accepts.</summary>
    public double TargetEpsilon { get; }

    /// <summary>δ of every guarantee.</summary>
    public double Delta { get; }

    /// <summary>Rounds paid for so far.</summary>
    public int Rounds => _accountant.Rounds;

    /// <summary>What the rounds paid for so far have cost; ε = 0 before the first.</summary>
    public PrivacyGuarantee Spent { get; private set; }

    /// <summary>ε left before the budget is reached.</summary>
    public double RemainingEpsilon => Math.Max(0, TargetEpsilon - Spent.Epsilon);

    /// <summary>The guarantee the member would have after one more round with this noise and sampling rate.</summary>
    public PrivacyGuarantee AfterNextRound(double noiseMultiplier, double samplingRate = 1) =>
        _accountant.GuaranteeAfter(noiseMultiplier, samplingRate, 1, Delta);

    /// <summary>Whether one more round with this noise and sampling rate stays within the budget.</summary>
    public bool CanAfford(double noiseMultiplier, double samplingRate = 1) =>
        AfterNextRound(noiseMultiplier, samplingRate).Epsilon <= TargetEpsilon;

    /// <summary>How many more rounds with this noise and sampling rate the budget pays for.</summary>
    /// <param name="noiseMultiplier">σ.</param>
    /// <param name="samplingRate">q.</param>
    /// <param name="limit">Stop counting here; the answer is at most this.</param>
    public int AffordableRounds(double noiseMultiplier, double samplingRate = 1, int limit = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfEqual(limit, int.MaxValue);
        bool Fits(int rounds) => _accountant.GuaranteeAfter(noiseMultiplier, samplingRate, rounds, Delta).Epsilon <= TargetEpsilon;
        if (limit == 0 || !Fits(1))
        {
            return 0;
        }

        // ε grows with the number of rounds: double until a count fails (or passes the limit), then bisect.
        var good = 1;
        var bad = 2;
        while (bad <= limit && Fits(bad))
        {
            good = bad;
            bad = (int)Math.Min(2L * bad, limit + 1L);
        }

        while (bad - good > 1)
        {
            var middle = good + (bad - good) / 2;
            if (Fits(middle))
            {
                good = middle;
            }
            else
            {
                bad = middle;
            }
        }

        return good;
    }

    /// <summary>Pays for one round the member contributed to and returns the new total spent.</summary>
    /// <exception cref="PrivacyBudgetExhaustedException">The round would exceed the budget; nothing is spent.</exception>
    public PrivacyGuarantee Spend(double noiseMultiplier, double samplingRate = 1)
    {
        var after = AfterNextRound(noiseMultiplier, samplingRate);
        if (after.Epsilon > TargetEpsilon)
        {
            throw new PrivacyBudgetExhaustedException(string.Create(
                CultureInfo.InvariantCulture,
                $"The round would bring ε to {after.Epsilon:G4} at δ = {Delta:G3}, above the budget of {TargetEpsilon:G4} ({Spent.Epsilon:G4} spent over {Rounds} rounds); the member must stop contributing."));
        }

        _accountant.Compose(noiseMultiplier, samplingRate);
        Spent = after;
        return after;
    }
}
