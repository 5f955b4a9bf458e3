using Consortium.Fl.Runtime;
using Consortium.Fl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Consortium.Fl.Battery;

/// <summary>
/// Trains and runs the capacity-fade forecaster on one member's samples: Adam on the squared error of each horizon's
/// scaled average fade (the measured drop SoH_t − SoH_{t+h} over h), over the horizons the cell has measured,
/// optionally with FedProx's proximal term. Learning the drop rather than the level makes the target alike across
/// chemistries whose states of health differ. Deterministic for a given seed on a given machine.
/// </summary>
public static class CapacityFadeTrainer
{
    /// <summary>Trains from <paramref name="start"/> on <paramref name="samples"/> and returns the new parameters.</summary>
    /// <exception cref="ArgumentException">The vector does not fit the architecture, or the samples another number of inputs, or none has a target.</exception>
    /// <exception cref="InvalidOperationException">Training diverged to a non-finite parameter.</exception>
    public static float[] Train(
        CapacityFadeArchitecture architecture, ReadOnlySpan<float> start, CapacityFadeSamples samples, BatteryTrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RequireInputs(architecture, samples);
        var outputs = CapacityFadeArchitecture.Outputs;
        var (rates, masks) = ScaledTargets(samples);
        var order = Enumerable.Range(0, samples.Count).Where(i => HasAnyTarget(masks, i)).ToArray();
        if (order.Length == 0)
        {
            throw new ArgumentException("No sample has a measured target to train on.", nameof(samples));
        }

        TorchRuntime.EnsureInitialized();
        using var network = Network(architecture);
        network.SetParameters(start, "forecaster");
        var width = samples.InputsPerSample;
        var inputs = new float[options.BatchSize * width];
        var targets = new float[options.BatchSize * outputs];
        var mask = new float[options.BatchSize * outputs];
        var trained = network.Fit(order, options, rows =>
        {
            for (var b = 0; b < rows.Length; b++)
            {
                var row = rows[b];
                samples.Inputs.AsSpan(row * width, width).CopyTo(inputs.AsSpan(b * width));
                rates.AsSpan(row * outputs, outputs).CopyTo(targets.AsSpan(b * outputs));
                masks.AsSpan(row * outputs, outputs).CopyTo(mask.AsSpan(b * outputs));
            }

            var size = rows.Length;
            var x = tensor(inputs.AsSpan(0, size * width).ToArray(), [size, width]);
            var y = tensor(targets.AsSpan(0, size * outputs).ToArray(), [size, outputs]);
            var m = tensor(mask.AsSpan(0, size * outputs).ToArray(), [size, outputs]);
            var error = network.forward(x).sub(y).mul(m);
            return error.mul(error).sum().div(m.sum());
        }, cancellationToken);
        return trained;
    }

    /// <summary>
    /// The forecast average fade over each horizon from every sample, percentage points of state of health per cycle,
    /// row-major by sample then horizon in <see cref="CapacityFadeArchitecture.Horizons"/> order.
    /// </summary>
    /// <exception cref="ArgumentException">The vector does not fit the architecture, or the samples another number of inputs.</exception>
    public static double[] FadePerCycle(CapacityFadeArchitecture architecture, ReadOnlySpan<float> parameters, CapacityFadeSamples samples)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(samples);
        RequireInputs(architecture, samples);
        TorchRuntime.EnsureInitialized();
        using var network = Network(architecture);
        network.SetParameters(parameters, "forecaster");
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var output = network.forward(tensor(samples.Inputs, [samples.Count, samples.InputsPerSample])).data<float>().ToArray();
        return [.. output.Select(o => o * CapacityFadeArchitecture.RateScale / 100)];
    }

    /// <summary>
    /// The forecast state of health (percent) h cycles after every sample, SoH_t minus the forecast fade times h,
    /// row-major by sample then horizon in <see cref="CapacityFadeArchitecture.Horizons"/> order.
    /// </summary>
    /// <exception cref="ArgumentException">The vector does not fit the architecture, or the samples another number of inputs.</exception>
    public static double[] Forecast(CapacityFadeArchitecture architecture, ReadOnlySpan<float> parameters, CapacityFadeSamples samples)
    {
        var fade = FadePerCycle(architecture, parameters, samples);
        var horizons = CapacityFadeArchitecture.Horizons;
        var soh = new double[fade.Length];
        for (var i = 0; i < soh.Length; i++)
        {
            soh[i] = samples.CurrentSoh[i / horizons.Count] - (fade[i] * horizons[i % horizons.Count]);
        }

        return soh;
    }

    /// <summary>The forecaster's errors on <paramref name="samples"/>, per horizon, over the targets the cells have measured.</summary>
    /// <exception cref="ArgumentException">The vector does not fit the architecture, or the samples another number of inputs.</exception>
    public static CapacityFadeErrors Evaluate(CapacityFadeArchitecture architecture, ReadOnlySpan<float> parameters, CapacityFadeSamples samples) =>
        Score(Forecast(architecture, parameters, samples), samples);

    /// <summary>The errors of <paramref name="forecastSoh"/> (laid out as <see cref="Forecast"/> returns it) against the samples' measured targets.</summary>
    /// <exception cref="ArgumentException">Not one forecast per sample and horizon.</exception>
    public static CapacityFadeErrors Score(ReadOnlySpan<double> forecastSoh, CapacityFadeSamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var outputs = CapacityFadeArchitecture.Outputs;
        if (forecastSoh.Length != samples.Count * outputs)
        {
            throw new ArgumentException($"{samples.Count} samples need {samples.Count * outputs} forecasts, not {forecastSoh.Length}.", nameof(forecastSoh));
        }

        var sums = new SohErrorSums[outputs];
        for (var i = 0; i < forecastSoh.Length; i++)
        {
            var measured = samples.TargetSoh[i];
            if (!double.IsNaN(measured))
            {
                sums[i % outputs] = sums[i % outputs].Add(forecastSoh[i], measured);
            }
        }

        return new CapacityFadeErrors(sums);
    }

    private static ReluMlp Network(CapacityFadeArchitecture architecture)
    {
        architecture.Validate();
        return new ReluMlp(architecture.Inputs, architecture.HiddenSize, architecture.Layers, CapacityFadeArchitecture.Outputs);
    }

    /// <summary>Each target as the scaled average fade the network learns, and a mask that is 1 where it was measured.</summary>
    private static (float[] Rates, float[] Masks) ScaledTargets(CapacityFadeSamples samples)
    {
        var horizons = CapacityFadeArchitecture.Horizons;
        var rates = new float[samples.TargetSoh.Length];
        var masks = new float[samples.TargetSoh.Length];
        for (var i = 0; i < rates.Length; i++)
        {
            var measured = samples.TargetSoh[i];
            if (!double.IsNaN(measured))
            {
                var drop = samples.CurrentSoh[i / horizons.Count] - measured;
                rates[i] = (float)(drop * 100 / horizons[i % horizons.Count] / CapacityFadeArchitecture.RateScale);
                masks[i] = 1;
            }
        }

        return (rates, masks);
    }

    private static bool HasAnyTarget(float[] masks, int sample)
    {
        for (var k = 0; k < CapacityFadeArchitecture.Outputs; k++)
        {
            if (masks[(sample * CapacityFadeArchitecture.Outputs) + k] > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void RequireInputs(CapacityFadeArchitecture architecture, CapacityFadeSamples samples)
    {
        if (samples.InputsPerSample != architecture.Inputs)
        {
            throw new ArgumentException($"The forecaster reads {architecture.Inputs} inputs per sample, the samples hold {samples.InputsPerSample}.", nameof(samples));
        }
    }
}
