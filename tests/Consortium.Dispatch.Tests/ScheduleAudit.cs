namespace Consortium.Dispatch.Tests;

/// <summary>Replays a dispatch vehicle by vehicle, independently of <see cref="DispatchResult"/>, and asserts every hard constraint.</summary>
internal static class ScheduleAudit
{
    private const double Tolerance = 1e-3;

    /// <summary>Asserts power, presence, V2G, state-of-charge and site constraints, and that the reported shortfall is the replayed one.</summary>
    public static void AssertHardConstraints(DispatchResult result)
    {
        var request = result.Request;
        var shortfall = 0.0;
        foreach (var schedule in result.Schedules)
        {
            var fleet = schedule.Fleet;
            for (var t = 0; t < request.HorizonSteps; t++)
            {
                var total = 0.0;
                for (var i = 0; i < fleet.Count; i++)
                {
                    total += schedule.PowerKw(t, i);
                }

                Assert.True(Math.Abs(total) <= fleet.SiteLimitKw + Tolerance, $"Step {t} draws {total} kW over the site limit {fleet.SiteLimitKw}.");
            }

            for (var i = 0; i < fleet.Count; i++)
            {
                var energy = fleet.ArrivalEnergyKwh(i);
                var floor = Math.Min(0.2 * fleet.CapacityKwh[i], energy);
                for (var t = 0; t < request.HorizonSteps; t++)
                {
                    double p = schedule.PowerKw(t, i);
                    if (t < fleet.Arrival[i] || t >= fleet.Departure[i])
                    {
                        Assert.True(p == 0, $"Vehicle {i} gets {p} kW at step {t} while not plugged in.");
                        continue;
                    }

                    Assert.True(p <= fleet.MaxChargeKw[i] + Tolerance, $"Vehicle {i} charges {p} kW at step {t}.");
                    Assert.True(-p <= fleet.MaxDischargeKw[i] + Tolerance, $"Vehicle {i} discharges {-p} kW at step {t} (limit {fleet.MaxDischargeKw[i]}).");
                    energy += p >= 0 ? p * fleet.ChargeEfficiency[i] * 0.25 : p / fleet.DischargeEfficiency[i] * 0.25;
                    Assert.True(energy <= fleet.CapacityKwh[i] + Tolerance, $"Vehicle {i} overfills at step {t}.");
                    if (p < 0)
                    {
                        Assert.True(energy >= floor - Tolerance, $"Vehicle {i} is discharged to {energy} kWh, below its floor {floor}, at step {t}.");
                    }
                }

                var required = Math.Min(fleet.ArrivalEnergyKwh(i) + fleet.EnergyNeededKwh[i], fleet.CapacityKwh[i]);
                shortfall += Math.Max(0, required - energy);
            }
        }

        Assert.Equal(0, result.SocFloorViolations);
        Assert.Equal(0, result.PowerLimitViolations);
        Assert.Equal(0, result.SiteLimitViolations);
        Assert.Equal(shortfall, result.DepartureShortfallKwh, 3);
    }

    /// <summary>Also asserts every vehicle left with the energy it needed.</summary>
    public static void AssertHardConstraintsAndDelivery(DispatchResult result)
    {
        AssertHardConstraints(result);
        Assert.True(result.DepartureShortfallKwh < Tolerance, $"{result.ShortVehicles} vehicles left {result.DepartureShortfallKwh} kWh short.");
    }
}
