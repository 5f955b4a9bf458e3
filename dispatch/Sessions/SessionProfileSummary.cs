using System.Globalization;
using System.Text;

namespace Consortium.Dispatch.Sessions;

/// <summary>What a <see cref="SessionFleetProfile"/> was built from, and what its sessions look like.</summary>
/// <param name="SessionsRead">Sessions offered to the profile.</param>
/// <param name="SessionsUsed">Sessions kept.</param>
/// <param name="Excluded">Sessions left out, by reason (reasons with none are absent).</param>
/// <param name="VehicleDays">Entries the generator draws from: one per day each kept session is plugged in on
/// (only the arrival day without carry-over).</param>
/// <param name="OvernightSessions">Kept sessions whose stay, in whole steps, runs past the arrival day's midnight.</param>
/// <param name="TrimmedToCharger">Kept sessions whose energy was cut to the share of what the charger can deliver in the stay.</param>
/// <param name="ChargerPowerInferred">Kept sessions without a rated charger power, whose power was inferred.</param>
/// <param name="MeanStayHours">Mean plugged-in time of the kept sessions, as logged.</param>
/// <param name="MeanEnergyKwh">Mean energy of the kept sessions, as logged.</param>
/// <param name="MeanChargerKw">Mean charging power of the kept sessions, after capping.</param>
/// <param name="MeanVehicleDayHours">Mean plugged-in time of a vehicle-day (the stay within one day).</param>
/// <param name="MeanVehicleDayEnergyKwh">Mean energy need of a vehicle-day, after splitting and trimming.</param>
public sealed record SessionProfileSummary(
    int SessionsRead,
    int SessionsUsed,
    IReadOnlyDictionary<SessionExclusion, int> Excluded,
    int VehicleDays,
    int OvernightSessions,
    int TrimmedToCharger,
    int ChargerPowerInferred,
    double MeanStayHours,
    double MeanEnergyKwh,
    double MeanChargerKw,
    double MeanVehicleDayHours,
    double MeanVehicleDayEnergyKwh)
{
    /// <summary>Sessions left out, all reasons together.</summary>
    public int ExcludedTotal => SessionsRead - SessionsUsed;

    /// <summary>Share of kept sessions that run past midnight.</summary>
    public double OvernightShare => SessionsUsed == 0 ? 0 : OvernightSessions / (double)SessionsUsed;

    /// <summary>One line for reports.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{SessionsRead} sessions, {SessionsUsed} used, {ExcludedTotal} excluded");
        if (Excluded.Count > 0)
        {
            text.Append(" (");
            text.AppendJoin(", ", Excluded.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}"));
            text.Append(')');
        }

        text.Append(CultureInfo.InvariantCulture, $"; mean stay {MeanStayHours:F2} h, mean energy {MeanEnergyKwh:F2} kWh, mean charger {MeanChargerKw:F1} kW");
        text.Append(CultureInfo.InvariantCulture, $"; {OvernightSessions} overnight ({OvernightShare:P1}), {TrimmedToCharger} trimmed to the charger, {ChargerPowerInferred} with inferred power");
        text.Append(CultureInfo.InvariantCulture, $"; {VehicleDays} vehicle-days of {MeanVehicleDayHours:F2} h and {MeanVehicleDayEnergyKwh:F2} kWh on average");
        return text.ToString();
    }
}
