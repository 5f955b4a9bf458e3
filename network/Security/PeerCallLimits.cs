using Consortium.Network.Protos;

namespace Consortium.Network.Security;

/// <summary>
/// What a node takes from one peer: the largest request each method accepts, sized to the consortium's model, and how
/// many calls a second a peer may make (a token bucket per peer: <see cref="CallsPerSecond"/> sustained, bursts up to
/// <see cref="Burst"/>). A dispatch event's refinement makes hundreds of small calls a second, a training round a few
/// large ones: the coordinator, which drives both, gets <see cref="CoordinatorFactor"/> times the rate and the burst.
/// </summary>
/// <param name="MaxModelBytes">The largest serialized model the node expects (a global model, an update, a candidate).</param>
/// <param name="CallsPerSecond">Calls a peer may make per second, sustained.</param>
/// <param name="Burst">Calls a peer may make at once.</param>
public sealed record PeerCallLimits(int MaxModelBytes, double CallsPerSecond = 200, int Burst = 400)
{
    /// <summary>Candidate models one Evaluate call may carry (the coordinator sends them in batches of this size).</summary>
    public const int MaxCandidatesPerCall = 64;

    /// <summary>Room for the fields around a model (round, hashes, labels), per message.</summary>
    public const int Envelope = 64 * 1024;

    /// <summary>The largest request of a call that carries no model (describe, claim, dispatch).</summary>
    public const int SmallMessageBytes = 1024 * 1024;

    /// <summary>How many times the rate and the burst of other members the coordinator gets.</summary>
    public const int CoordinatorFactor = 10;

    /// <summary>Calls a second and burst for a peer with <paramref name="role"/>.</summary>
    public (double CallsPerSecond, int Burst) RateFor(PeerRole role) =>
        role == PeerRole.Coordinator ? (CallsPerSecond * CoordinatorFactor, Burst * CoordinatorFactor) : (CallsPerSecond, Burst);

    /// <summary>The largest message of any method: what gRPC is told to read at most.</summary>
    public int MaxReceiveBytes => checked(MaxCandidatesPerCall * (MaxModelBytes + 256) + Envelope);

    /// <summary>The largest request <paramref name="method"/> accepts.</summary>
    public int MaxRequestBytes(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method switch
        {
            _ when method == Train || method == Wear => checked(MaxModelBytes + Envelope),
            _ when method == Evaluate => MaxReceiveBytes,
            _ => SmallMessageBytes,
        };
    }

    /// <summary>
    /// The furthest deadline a call to <paramref name="method"/> may carry: an hour for Train (the coordinator gives
    /// members 30 minutes), 30 minutes for Evaluate, one minute for Describe, ten minutes for the rest. A call without a
    /// deadline, or with a later one, is refused, so no call can hold a node's resources open without end.
    /// </summary>
    public static TimeSpan MaxDeadline(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method switch
        {
            _ when method == Train => TimeSpan.FromHours(1),
            _ when method == Evaluate => TimeSpan.FromMinutes(30),
            _ when method == Describe => TimeSpan.FromMinutes(1),
            _ => TimeSpan.FromMinutes(10),
        };
    }

    /// <summary>Checks the limits are usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxModelBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Burst, 1);
        if (!(CallsPerSecond > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(CallsPerSecond), CallsPerSecond, "A peer must be allowed some calls per second.");
        }

        _ = MaxReceiveBytes;
    }

    private static string Train { get; } = $"/{FederatedMember.Descriptor.FullName}/Train";

    private static string Evaluate { get; } = $"/{FederatedMember.Descriptor.FullName}/Evaluate";

    private static string Wear { get; } = $"/{FederatedMember.Descriptor.FullName}/Wear";

    private static string Describe { get; } = $"/{FederatedMember.Descriptor.FullName}/Describe";
}
