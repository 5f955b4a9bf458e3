namespace Consortium.Dispatch.Wear;

/// <summary>
/// The cell chemistries of the consortium's battery data (see <c>data/battery/SOURCE.md</c> in the shared data): what a
/// vehicle's wear price is looked up by.
/// </summary>
public enum BatteryChemistry
{
    /// <summary>Lithium iron phosphate (the MIT/Stanford/TRI cells).</summary>
    Lfp,

    /// <summary>Nickel cobalt manganese oxide (the XJTU cells and part of TJU's).</summary>
    Ncm,

    /// <summary>Nickel cobalt aluminium oxide (part of TJU's cells).</summary>
    Nca,

    /// <summary>A blended NCM and NCA cathode (part of TJU's cells), written <c>NCM+NCA</c> in the data.</summary>
    NcmNca,
}
