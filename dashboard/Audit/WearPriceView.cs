using System.Numerics;

namespace Consortium.Dashboard.Audit;

/// <summary>A chemistry's wear price.</summary>
/// <param name="Chemistry">The pack chemistry label (LFP, NCM, NCA, ...).</param>
/// <param name="UnitsPerKwh">Price per kWh discharged in 10⁻¹⁸ of the currency, as the chain holds it.</param>
public sealed record WearPriceView(string Chemistry, BigInteger UnitsPerKwh)
{
    /// <summary>The price in currency per kWh.</summary>
    public decimal PerKwh => (decimal)UnitsPerKwh / 1_000_000_000_000_000_000m;
}
