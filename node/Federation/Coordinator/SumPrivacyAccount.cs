using Consortium.Fl.Privacy;
using Consortium.Node.Store;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// What the sums this coordinator released have cost in privacy: every released sum is one round of the Gaussian mechanism
/// with sensitivity C (a member's whole clipped change) and noise σ·C, composed in Rényi DP (<see cref="RdpAccountant"/>)
/// and converted to (ε, δ). Kept in the coordinator's store, so a restarted coordinator goes on counting.
/// </summary>
/// <remarks>
/// The figure holds while at least m_min members that added their noise share are in each sum; a member that colludes
/// with the coordinator removes its share. A member that drops before its input is left out of the sum, and members
/// reveal no unmasking share for a sum of fewer than m_min inputs.
/// </remarks>
public sealed class SumPrivacyAccount
{
    private const string Key = "dp-sum-noise-multipliers";
    private readonly NodeStore _store;
    private readonly RdpAccountant _accountant = new();
    private readonly List<double> _released = [];

    /// <summary>Reads the sums released so far from <paramref name="store"/>.</summary>
    public SumPrivacyAccount(NodeStore store, double delta)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        Delta = delta;
        var bytes = store.GetValue(Key) ?? [];
        for (var offset = 0; offset + sizeof(double) <= bytes.Length; offset += sizeof(double))
        {
            var sigma = BitConverter.ToDouble(bytes, offset);
            _accountant.Compose(sigma);
            _released.Add(sigma);
        }
    }

    /// <summary>δ of the reported guarantee.</summary>
    public double Delta { get; }

    /// <summary>Sums released so far.</summary>
    public int Rounds => _accountant.Rounds;

    /// <summary>The guarantee of everything released so far.</summary>
    public PrivacyGuarantee Spent => _accountant.Guarantee(Delta);

    /// <summary>Accounts one released sum with noise multiplier <paramref name="noiseMultiplier"/> and returns the new total.</summary>
    public PrivacyGuarantee Release(double noiseMultiplier)
    {
        _accountant.Compose(noiseMultiplier);
        _released.Add(noiseMultiplier);
        _store.PutValue(Key, [.. _released.SelectMany(BitConverter.GetBytes)]);
        return Spent;
    }
}
