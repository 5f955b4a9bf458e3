using Consortium.Experiments.Dispatch;

namespace Consortium.Experiments.Tests.Dispatch;

/// <summary>
/// <c>dispatch simulate</c>'s engine on small synthetic fleets: the coordinated dispatch against its baselines and the
/// centralized LP, and the table the verb prints from the report.
/// </summary>
public sealed class DispatchSimulationTests
{
    private static readonly DispatchSimulationOptions Small = new(Operators: 2, Vehicles: 20, Reference: true, SyntheticFleets: true, RefineSeconds: 5);

    [Fact]
    public void TheCoordinatedDispatchReachesTheLpAndBeatsBothBaselines()
    {
        var report = DispatchSimulation.Run(Small, TextWriter.Null);

        Assert.Equal(20, report.Evs);
        Assert.NotNull(report.Reference);
        Assert.NotNull(report.OptimalityGap);
        Assert.InRange(report.OptimalityGap!.Value, -1e-3, 1e-3);
        Assert.Equal(0, report.Admm.SocFloorViolations);
        Assert.True(report.Objective < report.Uncontrolled.Objective, $"coordinated {report.Objective}, uncontrolled {report.Uncontrolled.Objective}");
        Assert.True(report.Objective < report.EarliestDeadlineFirst.Objective, $"coordinated {report.Objective}, earliest deadline first {report.EarliestDeadlineFirst.Objective}");
    }

    [Fact]
    public void TheTableHasARowPerDispatchAndTheGap()
    {
        var report = DispatchSimulation.Run(Small, TextWriter.Null);

        var lines = DispatchSimulationTable.Format(report).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("20 vehicles, 2 operators, 96 steps;", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("ADMM (coordinated)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("uncontrolled", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("earliest deadline first", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("centralized LP (OR-Tools)", StringComparison.Ordinal));
        Assert.StartsWith("optimality gap of ADMM against the LP:", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TheProvedBoundAndThePriceDecompositionBracketTheLp()
    {
        var report = DispatchSimulation.Run(Small with { Prices = true }, TextWriter.Null);

        // Both lower bounds lie below the LP's objective; the decomposition's own dispatch reaches it.
        var lp = report.ReferenceLpObjective!.Value;
        Assert.NotNull(report.ExactStage);
        Assert.True(report.ExactStage!.LowerBound <= lp + 1e-6, $"exact stage bound {report.ExactStage.LowerBound} above the LP's {lp}");
        Assert.True(report.Prices!.LowerBound <= lp + 1e-6, $"--prices bound {report.Prices.LowerBound} above the LP's {lp}");
        Assert.InRange(report.Prices.Dispatch!.Objective, lp - 1e-3, lp + (2e-3 * Math.Max(1, lp)));
        Assert.True(report.OptimalityGapBound >= report.OptimalityGap - 1e-9, $"proved {report.OptimalityGapBound} below the measured gap {report.OptimalityGap}");
    }

    [Fact]
    public void OnlineTheDayAsItHappensCostsNoLessThanWithPerfectInformation()
    {
        var report = DispatchSimulation.Run(Small with { Reference = false, Online = true, OnlineForecastDays = 2, OracleForecast = true }, TextWriter.Null);

        var online = report.Online!;
        Assert.Equal(96, online.Steps);
        Assert.Equal(report.Uncontrolled.TrackingError, online.UncontrolledTrackingError);
        Assert.True(online.MaxReplanSeconds >= online.MeanReplanSeconds && online.MeanReplanSeconds > 0);

        // Whatever the forecast, a dispatch committed step by step is a dispatch of the same day: it cannot beat the plan
        // made knowing every vehicle (up to that plan's 0.1 % stopping gap).
        var perfect = online.PerfectInformationObjective;
        Assert.True(perfect <= (online.Objective * 1.001) + 1e-6, $"perfect information {perfect}, online {online.Objective}");
        Assert.True(perfect <= (online.MpcNaiveObjective * 1.001) + 1e-6, $"perfect information {perfect}, naive MPC {online.MpcNaiveObjective}");
        Assert.InRange(online.PerfectInformationTieredTrackingError!.Value, 0, online.UncontrolledTrackingError);
        Assert.InRange(online.OracleForecastTrackingError!.Value, 0, online.UncontrolledTrackingError);
        Assert.Equal(0, online.Dispatch.SocFloorViolations);
        Assert.Equal(0, online.MpcNaive.PowerLimitViolations);
        Assert.Equal(0, online.Dispatch.SiteLimitViolations);
    }

    [Fact]
    public void WithOfferAFlatRequestAboveWhatTheFleetsCanDrawIsOutsideTheirOfferAndTheirOwnPeakShaveIsNot()
    {
        var small = Small with { Reference = false, Vehicles = 400, Offer = true };
        var shaved = DispatchSimulation.Run(small, TextWriter.Null).Offer!;
        Assert.Equal(10, shaved.Days);
        Assert.True(shaved.PeakChargeKwP10 > 0 && shaved.PeakDischargeKwP10 > 0);

        // Three times the mean uncontrolled load all day: more energy than the drivers can use.
        var flat = DispatchSimulation.Run(small with { FlatLevel = 3 }, TextWriter.Null).Offer!;
        Assert.False(flat.Within);
        Assert.True(flat.EnergyMarginKwh < 0, $"energy margin {flat.EnergyMarginKwh}");
        Assert.True(flat.ShortfallSteps > 0 && flat.Shortfalls.Count > 0);
        Assert.True(shaved.EnergyMarginKwh > flat.EnergyMarginKwh);
    }

    [Fact]
    public void OnACalendarDayTheRequestComesFromTheForecastAndTheDayIsDispatchedAsItHappens()
    {
        var day = new DateOnly(2018, 8, 15);
        var options = new DispatchSimulationOptions(Operators: 2, Vehicles: 40, RefineSeconds: 5)
        {
            Date = day,
            Online = true,
            OnlineForecastDays = 2,
            ForecastRounds = 2,
            RequestFamily = "peak-shave",
            ReplanPrices = 10,
            ReplanSeconds = 60,
        };

        var report = DispatchSimulation.Run(options, TextWriter.Null);

        Assert.Equal("2018-08-15", report.Date);
        Assert.Contains("2018-08-15 (Wednesday)", report.FleetSource, StringComparison.Ordinal);
        Assert.Contains("shaped from the consortium's forecast", report.TargetSource, StringComparison.Ordinal);
        var online = report.Online!;
        Assert.Contains("same weekday a week before", online.NaiveForecast, StringComparison.Ordinal);
        Assert.Contains("2 same weekdays before the day", online.Forecast, StringComparison.Ordinal);
        Assert.NotNull(online.HistoryMeanTrackingError);

        // The federated forecast of the day's energy, the history's mean and what came, each from the operators' own loads.
        var forecast = report.DayForecast!;
        Assert.Equal(2, forecast.Levels.Count);
        Assert.All(forecast.Levels.Values, l => Assert.InRange(l, 1 / Consortium.Fl.Models.DayLevel.MaxLevel, Consortium.Fl.Models.DayLevel.MaxLevel));
        Assert.True(forecast.ForecastKwh > 0 && forecast.HistoryMeanKwh > 0 && forecast.ActualKwh > 0, $"{forecast.ForecastKwh} / {forecast.HistoryMeanKwh} / {forecast.ActualKwh} kWh");
        Assert.True(online.PerfectInformationObjective <= (online.Objective * 1.001) + 1e-6, $"perfect information {online.PerfectInformationObjective}, online {online.Objective}");
        Assert.Equal(0, online.Dispatch.SocFloorViolations);
        Assert.Equal(0, online.Dispatch.SiteLimitViolations);
        Assert.Equal(0, online.MpcNaive.PowerLimitViolations);

        // The request is not the day's: shaped from the forecast, the day's own uncontrolled charging does not follow it.
        Assert.True(report.Uncontrolled.TrackingError > 0.05, $"uncontrolled tracks the request to {report.Uncontrolled.TrackingError:P2}");
    }

    [Fact]
    public void ACalendarDayWithoutItsWeeksOfHistoryOrOnSyntheticFleetsIsRefusedByName()
    {
        var options = new DispatchSimulationOptions(Operators: 2, Vehicles: 40) { Date = new DateOnly(2017, 9, 20), Offer = true };

        var early = Assert.Throws<ArgumentException>(() => DispatchSimulation.Run(options, TextWriter.Null));
        Assert.Contains("--date 2017-09-20", early.Message, StringComparison.Ordinal);
        Assert.Contains("10 weeks of history", early.Message, StringComparison.Ordinal);

        var synthetic = Assert.Throws<ArgumentException>(() => DispatchSimulation.Run(options with { SyntheticFleets = true }, TextWriter.Null));
        Assert.Contains("synthetic fleets have no calendar", synthetic.Message, StringComparison.Ordinal);

        // With history, but a day the federated forecast trained on: not a forecast.
        var trained = Assert.Throws<ArgumentException>(() => DispatchSimulation.Run(options with { Date = new DateOnly(2018, 3, 14), ForecastRounds = 1 }, TextWriter.Null));
        Assert.Contains("the federated load forecast is trained on the days before", trained.Message, StringComparison.Ordinal);
    }
}
