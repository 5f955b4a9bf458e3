using Consortium.Dispatch.Fleets;

namespace Consortium.Node.DispatchEvents.Participant;

/// <summary>What an operator's meters recorded for one event.</summary>
/// <param name="MeteredKwh">Grid energy per step, kWh (positive drawn, negative given back).</param>
/// <param name="VehiclesUnpluggedEarly">Vehicles that left before the departure their setpoints planned for.</param>
public sealed record MeterReading(double[] MeteredKwh, int VehiclesUnpluggedEarly);

/// <summary>
/// Meters a fleet that follows its allocation, vehicle by vehicle. The simulation's only deviation from the setpoints:
/// each vehicle, with probability <see cref="UnplugShare"/>, is unplugged by its driver 1 to <see cref="MaxStepsEarly"/>
/// steps (uniformly) before the departure it announced, though never before the end of its first plugged-in step; from
/// then on it draws and gives nothing. Every other setpoint is delivered exactly. The draws are seeded, so the same
/// allocation, seed and share meter the same way every time.
/// </summary>
/// <remarks>
/// This is a stated modelling assumption, not a measurement: it gives settlement a deviation to measure. Drivers who
/// leave early always lower what the fleet delivers at the end of their stay: charging they were scheduled for is not
/// drawn, and discharge they were scheduled for is not given.
/// </remarks>
public sealed class DeliveryMeter
{
    /// <summary>The default share of drivers who leave early: 5 %.</summary>
    public const double DefaultUnplugShare = 0.05;

    /// <summary>Creates a meter.</summary>
    /// <param name="unplugShare">Share of vehicles unplugged early, in [0, 1].</param>
    /// <param name="maxStepsEarly">Most steps a driver leaves early (8 steps: two hours), at least 1.</param>
    public DeliveryMeter(double unplugShare = DefaultUnplugShare, int maxStepsEarly = 8)
    {
        if (!(unplugShare is >= 0 and <= 1))
        {
            throw new ArgumentException($"The share of vehicles unplugged early must lie in [0, 1], not {unplugShare}.", nameof(unplugShare));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxStepsEarly, 1);
        UnplugShare = unplugShare;
        MaxStepsEarly = maxStepsEarly;
    }

    /// <summary>Share of vehicles unplugged early.</summary>
    public double UnplugShare { get; }

    /// <summary>Most steps a driver leaves early.</summary>
    public int MaxStepsEarly { get; }

    /// <summary>Replays <paramref name="schedule"/> vehicle by vehicle with the early departures drawn from <paramref name="seed"/>.</summary>
    public MeterReading Read(FleetSchedule schedule, int seed)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var fleet = schedule.Fleet;
        var random = new Random(seed);
        var leaves = new int[fleet.Count];
        var early = 0;
        for (var i = 0; i < fleet.Count; i++)
        {
            var planned = Math.Min(fleet.Departure[i], schedule.HorizonSteps);
            leaves[i] = planned;
            if (random.NextDouble() < UnplugShare)
            {
                var leave = Math.Max(fleet.Arrival[i] + 1, planned - random.Next(1, MaxStepsEarly + 1));
                if (leave < planned)
                {
                    leaves[i] = leave;
                    early++;
                }
            }
        }

        var metered = new double[schedule.HorizonSteps];
        for (var t = 0; t < schedule.HorizonSteps; t++)
        {
            var step = schedule.Step(t);
            var kw = 0.0;
            for (var i = 0; i < step.Length; i++)
            {
                if (t < leaves[i])
                {
                    kw += step[i];
                }
            }

            metered[t] = kw * FleetRequest.StepHours;
        }

        return new MeterReading(metered, early);
    }

    /// <summary>The seed of an event's deviation draws: the fleet's seed and the event id, combined the same way in every process.</summary>
    public static int EventSeed(int fleetSeed, ulong eventId) => unchecked((fleetSeed * 1_000_003) + (int)(eventId * 7_919));
}
