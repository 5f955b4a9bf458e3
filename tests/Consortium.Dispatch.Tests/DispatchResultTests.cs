using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Tests;

public class DispatchResultTests
{
    [Fact]
    public void FairnessIsOneHalfWhenOneOfTwoEquallyFlexibleVehiclesDoesAllTheDischarging()
    {
        var fleet = new Fleet([0, 0], [4, 4], [0.0, 0.0], [50.0, 50.0], [0.5, 0.5], [7.0, 7.0], [7.0, 7.0], [1.0, 1.0], [1.0, 1.0], 100);
        var request = new FleetRequest(4, [0, 0, 0, 0], [fleet]);
        var schedule = new FleetSchedule(fleet, 4);
        schedule.Step(0)[0] = -4;

        var result = DispatchResult.Measure(request, [schedule], 1, true, 0);

        Assert.Equal(0.5, result.DischargeFairness, 12);
        Assert.Equal(1.0, result.DischargedKwh, 6);
        Assert.Equal(4.0, result.MaxDeviationKw, 6);
    }

    [Fact]
    public void DischargingBelowTheFloorAndChargingWhileAwayAreCountedPerVehicle()
    {
        // Vehicle 0 arrives at 50 % of 40 kWh and is drained 14 kWh (floor 8 kWh); vehicle 1 charges after leaving.
        var fleet = new Fleet([0, 0], [4, 2], [0.0, 0.0], [40.0, 40.0], [0.5, 0.5], [7.0, 7.0], [60.0, 0.0], [1.0, 1.0], [1.0, 1.0], 100);
        var request = new FleetRequest(4, [0, 0, 0, 0], [fleet]);
        var schedule = new FleetSchedule(fleet, 4);
        schedule.Step(0)[0] = -56;
        schedule.Step(3)[1] = 3;

        var result = DispatchResult.Measure(request, [schedule], 1, true, 0);

        Assert.Equal(1, result.SocFloorViolations);
        Assert.Equal(1, result.PowerLimitViolations);
    }

    [Fact]
    public void AVehicleThatCannotGetItsEnergyInTimeIsReportedShort()
    {
        // 40 kWh wanted in one 15-minute step at 7 kW: at most 1.75 kWh can arrive.
        var fleet = new Fleet([0], [1], [40.0], [80.0], [0.2], [7.0], [0.0], [1.0], [1.0], 100);
        var request = new FleetRequest(2, [7, 0], [fleet]);

        var result = DispatchCoordinator.Dispatch(request);

        Assert.Equal(1, result.ShortVehicles);
        Assert.Equal(40 - 1.75, result.DepartureShortfallKwh, 3);
        Assert.Equal(0, result.PowerLimitViolations);
    }
}
