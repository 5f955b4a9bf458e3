using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Google.OrTools.LinearSolver;

namespace Consortium.Dispatch.Tests.Exact;

public class VehicleResponseTests
{
    private const double Shortfall = 10;

    [Theory]
    [InlineData(1, 0.05)]
    [InlineData(2, 0.30)]
    [InlineData(3, 0.01)]
    public void TheAnswerCostsWhatTheVehiclesLinearProgrammeFindsOptimal(int seed, double wear)
    {
        var fleet = FleetGenerator.Generate(60, seed);
        var random = new Random(seed);
        var response = new VehicleResponse();
        var power = new float[SmallFleets.Steps];
        for (var i = 0; i < fleet.Count; i++)
        {
            // Prices per kW of net charging at each step, up to ± the default penalty's Δt: some steps pay to charge,
            // some to discharge, some enough to make burning pay.
            var prices = Enumerable.Range(0, SmallFleets.Steps).Select(_ => (random.NextDouble() - 0.5) * 0.5).ToArray();
            Array.Clear(power);
            var own = response.Solve(fleet, i, prices, wear, Shortfall, power, out var priced);
            var optimum = SolveWithGlop(fleet, i, prices, wear);
            Assert.Equal(optimum, priced, 6);
            Assert.Equal(priced, response.CostToGo(fleet, i), 6);

            // The priced cost is the own cost plus the prices paid for the schedule written.
            var paid = 0.0;
            for (var t = 0; t < power.Length; t++)
            {
                paid += prices[t] * power[t];
                if (t < fleet.Arrival[i] || t >= fleet.Departure[i])
                {
                    Assert.Equal(0, power[t]);
                }
                else
                {
                    Assert.InRange(power[t], -fleet.MaxDischargeKw[i] - 1e-4, fleet.MaxChargeKw[i] + 1e-4);
                }
            }

            if (response.Burned == 0)
            {
                Assert.Equal(priced, own + paid, 3);
            }
        }
    }

    [Fact]
    public void WithFlatPricesTheVehicleChargesJustWhatItNeedsAndNeverDischarges()
    {
        var fleet = SmallFleets.OneVehicle(steps: 16, neededKwh: 6, maxDischargeKw: 8, efficiency: 0.9);
        var prices = SmallFleets.Filled(SmallFleets.Steps, 0.1);
        var power = new float[SmallFleets.Steps];
        var own = new VehicleResponse().Solve(fleet, 0, prices, 0.05, Shortfall, power, out var priced);
        Assert.Equal(0, own, 9);
        Assert.Equal(6 / 0.9 / FleetRequest.StepHours * 0.1, priced, 6);
        Assert.All(power, p => Assert.True(p >= 0));
        Assert.Equal(6 / 0.9 / FleetRequest.StepHours, power.Sum(p => (double)p), 3);
    }

    [Fact]
    public void AVehicleThatCannotMeetItsNeedPaysTheShortfallAndChargesFlatOut()
    {
        // 2 steps at 8 kW add 4 kWh of the 10 asked.
        var fleet = SmallFleets.OneVehicle(steps: 2, neededKwh: 10);
        var power = new float[SmallFleets.Steps];
        var own = new VehicleResponse().Solve(fleet, 0, SmallFleets.Filled(SmallFleets.Steps, 1.0), 0.05, Shortfall, power, out _);
        Assert.Equal(6 * Shortfall, own, 6);
        Assert.Equal(8, power[0], 4);
        Assert.Equal(8, power[1], 4);
    }

    /// <summary>The same vehicle's programme in GLOP, as <see cref="FleetProgramme"/> builds it, priced per step.</summary>
    private static double SolveWithGlop(Fleet fleet, int i, double[] prices, double wear)
    {
        const double dt = FleetRequest.StepHours;
        using var solver = Solver.CreateSolver("GLOP");
        var objective = solver.Objective();
        objective.SetMinimization();
        Variable? previous = null;
        for (var t = fleet.Arrival[i]; t < fleet.Departure[i]; t++)
        {
            var c = solver.MakeNumVar(0, fleet.MaxChargeKw[i], "");
            var d = solver.MakeNumVar(0, fleet.MaxDischargeKw[i], "");
            objective.SetCoefficient(c, prices[t]);
            objective.SetCoefficient(d, (dt * wear) - prices[t]);
            var e = solver.MakeNumVar(fleet.FloorEnergyKwh(i), fleet.CapacityKwh[i], "");
            var rhs = previous is null ? fleet.ArrivalEnergyKwh(i) : 0;
            var row = solver.MakeConstraint(rhs, rhs, "");
            row.SetCoefficient(e, 1);
            if (previous is not null)
            {
                row.SetCoefficient(previous, -1);
            }

            row.SetCoefficient(c, -dt * fleet.ChargeEfficiency[i]);
            row.SetCoefficient(d, dt / fleet.DischargeEfficiency[i]);
            previous = e;
        }

        var shortfall = solver.MakeNumVar(0, double.PositiveInfinity, "");
        objective.SetCoefficient(shortfall, Shortfall);
        var need = solver.MakeConstraint(fleet.RequiredEnergyKwh(i), double.PositiveInfinity, "");
        need.SetCoefficient(previous!, 1);
        need.SetCoefficient(shortfall, 1);
        Assert.Equal(Solver.ResultStatus.OPTIMAL, solver.Solve());
        return objective.Value();
    }
}
