using Consortium.Fl.Forecasting;

namespace Consortium.Fl.Tests.Forecasting;

public class CalendarFeaturesTests
{
    [Fact]
    public void MondayMidnightSitsAtTheStartOfBothCycles()
    {
        var features = new float[CalendarFeatures.Count];
        CalendarFeatures.Write(new DateTime(2018, 1, 1, 0, 0, 0), features);
        Assert.Equal([0f, 1f, 0f, 1f, 0f], features);
    }

    [Fact]
    public void SixInTheMorningIsAQuarterOfTheDayCircle()
    {
        var features = new float[CalendarFeatures.Count];
        CalendarFeatures.Write(new DateTime(2018, 1, 3, 6, 0, 0), features);
        Assert.Equal(1f, features[0], 5);
        Assert.Equal(0f, features[1], 5);
    }

    [Fact]
    public void SaturdayAndSundayAreFlaggedAsWeekendButFridayIsNot()
    {
        var features = new float[CalendarFeatures.Count];
        CalendarFeatures.Write(new DateTime(2018, 1, 5, 23, 0, 0), features);
        Assert.Equal(0f, features[4]);
        CalendarFeatures.Write(new DateTime(2018, 1, 6, 0, 0, 0), features);
        Assert.Equal(1f, features[4]);
        CalendarFeatures.Write(new DateTime(2018, 1, 7, 23, 0, 0), features);
        Assert.Equal(1f, features[4]);
    }

    [Fact]
    public void SundayNightIsNextToMondayMorningOnTheWeekCircle()
    {
        var sunday = new float[CalendarFeatures.Count];
        var monday = new float[CalendarFeatures.Count];
        CalendarFeatures.Write(new DateTime(2018, 1, 7, 23, 0, 0), sunday);
        CalendarFeatures.Write(new DateTime(2018, 1, 8, 0, 0, 0), monday);
        var distance = MathF.Sqrt(MathF.Pow(sunday[2] - monday[2], 2) + MathF.Pow(sunday[3] - monday[3], 2));
        Assert.InRange(distance, 0.03f, 0.04f);
    }

    [Fact]
    public void ShortDestinationIsRejected()
    {
        Assert.Throws<ArgumentException>(() => CalendarFeatures.Write(DateTime.Today, new float[CalendarFeatures.Count - 1]));
    }
}
