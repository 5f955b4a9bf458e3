using Consortium.Data.Loads;
using Consortium.Data.Sessions;

namespace Consortium.Data.Tests.Loads;

public sealed class LoadSeriesBuilderTests
{
    private static readonly DateTime Day = new(2018, 1, 1);

    [Fact]
    public void SessionChargesAtRatedPowerUntilItsEnergyIsDelivered()
    {
        // 10.5 kWh at 7 kW from 08:30: 3.5 kWh in 08:00-09:00, 7 kWh in 09:00-10:00, nothing after.
        var session = new ChargingSession("A", "1", Day.AddHours(8.5), Day.AddHours(14), 10.5, 7);

        var load = LoadSeriesBuilder.PerSite([session], Day, Day.AddDays(1))["A"];

        Assert.Equal(3.5f, load.Kw[8], 4);
        Assert.Equal(7f, load.Kw[9], 4);
        Assert.Equal(0f, load.Kw[10], 4);
        Assert.Equal(10.5, load.TotalKWh, 3);
    }

    [Fact]
    public void SessionTooShortForItsRatedPowerIsSpreadEvenly()
    {
        // 30 kWh in one hour cannot come from a 7 kW charger: spread over the session instead.
        var session = new ChargingSession("A", "1", Day.AddHours(10), Day.AddHours(11), 30, 7);

        var load = LoadSeriesBuilder.PerSite([session], Day, Day.AddDays(1))["A"];

        Assert.Equal(30f, load.Kw[10], 4);
        Assert.Equal(30, load.TotalKWh, 3);
    }

    [Fact]
    public void EnergyOutsideThePeriodIsCutOffAndSitesAreKeptApart()
    {
        var sessions = new[]
        {
            new ChargingSession("A", "1", Day.AddHours(-1), Day.AddHours(1), 4, null),
            new ChargingSession("B", "2", Day.AddHours(23), Day.AddHours(25), 4, null),
        };

        var loads = LoadSeriesBuilder.PerSite(sessions, Day, Day.AddDays(1));

        Assert.Equal(2, loads["A"].TotalKWh, 4);
        Assert.Equal(2, loads["B"].TotalKWh, 4);
        Assert.Equal(24, loads["A"].Kw.Length);
    }

    [Fact]
    public void SumAddsSeriesHourByHourAndRefusesMisalignedOnes()
    {
        var a = new HourlyLoadSeries("a", Day, [1, 2, 3]);
        var b = new HourlyLoadSeries("b", Day, [10, 20, 30]);

        Assert.Equal([11f, 22f, 33f], HourlyLoadSeries.Sum("ab", [a, b]).Kw);
        Assert.Throws<ArgumentException>(() => HourlyLoadSeries.Sum("x", [a, b with { FirstHour = Day.AddHours(1) }]));
    }
}
