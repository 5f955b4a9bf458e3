using Consortium.Fl.Models;

namespace Consortium.Fl.Battery;

/// <summary>The two parts of a <see cref="BatteryModelArchitecture"/> vector: the estimator's parameters, then the forecaster's.</summary>
public static class BatteryModel
{
    /// <summary>The forecaster part's shape.</summary>
    /// <exception cref="ArgumentException">The architecture's forecaster has another number of outputs than this build's forecaster.</exception>
    public static CapacityFadeArchitecture Forecaster(BatteryModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (BatteryModelArchitecture.FadeOutputs != CapacityFadeArchitecture.Outputs)
        {
            throw new ArgumentException($"The model's forecaster has {BatteryModelArchitecture.FadeOutputs} outputs, this build's {CapacityFadeArchitecture.Outputs}.", nameof(architecture));
        }

        return new CapacityFadeArchitecture(architecture.FadeInputs, architecture.HiddenSize, architecture.Layers);
    }

    /// <summary>Starting weights: the estimator's drawn with <paramref name="seed"/>, the forecaster's with the next seed.</summary>
    public static float[] InitialParameters(BatteryModelArchitecture architecture, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return [.. architecture.Estimator.InitialParameters(seed), .. Forecaster(architecture).InitialParameters(seed + 1)];
    }

    /// <summary>The estimator's parameters within <paramref name="parameters"/>.</summary>
    public static ReadOnlySpan<float> EstimatorPart(BatteryModelArchitecture architecture, ReadOnlySpan<float> parameters) =>
        parameters[..architecture.Estimator.ParameterCount];

    /// <summary>The forecaster's parameters within <paramref name="parameters"/>.</summary>
    public static ReadOnlySpan<float> ForecasterPart(BatteryModelArchitecture architecture, ReadOnlySpan<float> parameters) =>
        parameters[architecture.Estimator.ParameterCount..];
}
