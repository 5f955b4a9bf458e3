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
}
