using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Tests.Baselines;

public class DispatchBaselinesTests
{
    [Fact]
    public void UncontrolledChargingRunsAtFullPowerFromArrivalUntilTheEnergyIsIn()
    {
        // 3.5 kWh at 7 kW with perfect efficiency: two full 15-minute steps, then nothing.
        var fleet = new Fleet([1], [6], [3.5], [50.0], [0.5], [7.0], [7.0], [1.0], [1.0], 100);
        var request = new FleetRequest(6, new double[6], [fleet]);

        var result = DispatchBaselines.Uncontrolled(request);

        Assert.Equal([0.0, 7, 7, 0, 0, 0], result.AggregateKw);
    }

    [Fact]
    public void EarliestDeadlineFirstKeepsEveryHardConstraintOnGeneratedFleets()
    {
        Fleet[] fleets = [FleetGenerator.Generate(120, 21), FleetGenerator.Generate(60, 22, siteLimitShare: 0.25)];
        var target = new double[SmallFleets.Steps];
        for (var t = 0; t < target.Length; t++)
        {
            target[t] = t is >= 70 and < 80 ? -200 : 150;
        }

        var result = DispatchBaselines.EarliestDeadlineFirst(new FleetRequest(SmallFleets.Steps, target, fleets));

        ScheduleAudit.AssertHardConstraints(result);
    }

    [Fact]
    public void EarliestDeadlineFirstChargesTheVehicleLeavingFirst()
    {
        var fleet = new Fleet([0, 0], [4, 2], [1.0, 1.0], [50.0, 50.0], [0.5, 0.5], [7.0, 7.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0], 100);
        var request = new FleetRequest(4, [4, 4, 0, 0], [fleet]);

        var result = DispatchBaselines.EarliestDeadlineFirst(request);

        Assert.Equal(4f, result.Schedules[0].PowerKw(0, 1));
        Assert.Equal(0f, result.Schedules[0].PowerKw(0, 0));
    }
}
