namespace Consortium.Experiments.Forecasting;

/// <summary>Where a DP setting's noise is added.</summary>
public enum PrivacyMode
{
    /// <summary>Client side: every member adds the whole calibrated noise to its own update (DP-FedAvg).</summary>
    Local,

    /// <summary>
    /// Distributed, on the secure sum: every member adds a share σ²C²/m_min of the noise before the fixed-point encoding,
    /// so the sum carries it once (<see cref="Fl.Privacy.DistributedNoiseOptions"/>).
    /// </summary>
    SecureSum,
}
