using Consortium.Data.Sessions;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// Charging logs of sites with only DC rapid chargers: real-looking sessions of which a session fleet profile keeps
/// none, so an operator whose store holds only these has no fleet to dispatch.
/// </summary>
internal static class RapidOnlySessions
{
    public static IReadOnlyList<ChargingSession> Create(int count)
    {
        var sessions = new ChargingSession[count];
        for (var i = 0; i < count; i++)
        {
            var start = new DateTime(2019, 3, 1, 8, 0, 0).AddHours(5 * i);
            sessions[i] = new ChargingSession($"Rapid Hub {i % 2 + 1}", $"RAPID-{i % 4}", start, start.AddMinutes(35), 18 + (i % 7), 50);
        }

        return sessions;
    }
}
