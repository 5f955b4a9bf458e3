namespace Consortium.Fl.Forecasting;

/// <summary>
/// Calendar inputs for one hour: where it sits in the day and in the week, as points on a circle
/// (so 23:00 is next to 00:00 and Sunday next to Monday), and whether it falls on a weekend.
/// </summary>
public static class CalendarFeatures
{
    /// <summary>Values written per hour by <see cref="Write"/>.</summary>
    public const int Count = 5;

    /// <summary>Writes hour-of-day sin/cos, day-of-week sin/cos and the weekend flag of <paramref name="hour"/>.</summary>
    /// <param name="hour">A local wall-clock hour.</param>
    /// <param name="destination">At least <see cref="Count"/> values.</param>
    public static void Write(DateTime hour, Span<float> destination)
    {
        if (destination.Length < Count)
        {
            throw new ArgumentException($"Calendar features need {Count} values, the destination has {destination.Length}.", nameof(destination));
        }

        var dayAngle = 2 * Math.PI * hour.Hour / 24;
        var day = ((int)hour.DayOfWeek + 6) % 7; // Monday = 0
        var weekAngle = 2 * Math.PI * (day * 24 + hour.Hour) / 168;
        destination[0] = (float)Math.Sin(dayAngle);
        destination[1] = (float)Math.Cos(dayAngle);
        destination[2] = (float)Math.Sin(weekAngle);
        destination[3] = (float)Math.Cos(weekAngle);
        destination[4] = day >= 5 ? 1f : 0f;
    }
}
