using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Online;

namespace Consortium.Dispatch.Tests.Online;

public class OnlineFleetReplayTests
{
    private const int Steps = FleetGenerator.DaySteps;

    [Fact]
    public void ADayRebuiltAndItsKeptStepsReplayedIsTheDayAsItWas()
    {
        var truth = FleetGenerator.Generate(40, 7);
        var options = new OnlineOptions(Seed: 5);
        var original = new OnlineFleet(truth, null, Steps, options, new Random(5));
        var kept = new List<float[]>();
        for (var k = 0; k < 60; k++)
        {
            var residual = original.Residual(k);
            var plan = new FleetSchedule(residual, Steps - k);
            for (var r = 0; r < original.PluggedIn; r++)
            {
                // Half power for the vehicles plugged in: something the replay must reproduce exactly.
                plan.Step(0)[r] = (float)(0.5 * residual.MaxChargeKw[r]);
            }

            kept.Add(original.FirstStep(k, plan));
            original.Commit(k, plan);
        }

        var rebuilt = new OnlineFleet(truth, null, Steps, options, new Random(5));
        var aggregate = kept.Select((setpoints, k) => rebuilt.Replay(k, setpoints)).ToList();

        for (var k = 0; k < 60; k++)
        {
            Assert.Equal(original.Schedule.Step(k).ToArray(), rebuilt.Schedule.Step(k).ToArray());
            Assert.Equal(kept[k].Sum(v => (double)v), aggregate[k], 6);
        }

        // The next step starts from the same batteries, with the same vehicles plugged in.
        var next = original.Residual(60);
        var again = rebuilt.Residual(60);
        Assert.Equal(original.PluggedIn, rebuilt.PluggedIn);
        Assert.Equal(next.ArrivalSoc, again.ArrivalSoc);
        Assert.Equal(next.EnergyNeededKwh, again.EnergyNeededKwh);
    }

    [Fact]
    public void AKeptStepThatSetsAVehicleNotPluggedInOrHasTheWrongCountIsRefused()
    {
        var truth = FleetGenerator.Generate(30, 8);
        var day = new OnlineFleet(truth, null, Steps, new OnlineOptions(), new Random(1));
        var absent = Enumerable.Range(0, truth.Count).First(i => truth.Arrival[i] > 0);
        var setpoints = new float[truth.Count];
        setpoints[absent] = 3;

        Assert.Contains($"vehicle {absent}", Assert.Throws<InvalidDataException>(() => day.Replay(0, setpoints)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => day.Replay(0, new float[truth.Count - 1]));
    }
}
