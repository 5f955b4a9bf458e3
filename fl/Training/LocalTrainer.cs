using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Consortium.Fl.Training;

/// <summary>
/// A member's part of a round: start from the global model, run Adam on its own training windows,
/// hand back the new parameters with the number of windows they were trained on.
/// Deterministic on a given machine for a given seed and thread count.
/// </summary>
public static class LocalTrainer
{
    /// <summary>Trains <paramref name="global"/> on <paramref name="windows"/>.</summary>
    /// <exception cref="ArgumentException">There is no training window.</exception>
    /// <exception cref="ModelFormatException">Training diverged to a non-finite parameter.</exception>
    public static LocalTrainingResult Train(
        ModelCheckpoint global,
        ForecastWindows windows,
        LocalTrainingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(windows);
        options ??= LocalTrainingOptions.Default;
        options.Validate();
        if (windows.Count == 0)
        {
            throw new ArgumentException("There are no training windows; the series is too short for a forecast window.", nameof(windows));
        }

        TorchRuntime.EnsureInitialized();
        using var network = LoadForecastNetwork.Create(global.LoadForecast);
        network.SetParameters(global.Parameters);
        network.train();
        var anchors = options.ProximalMu > 0 ? Anchors(network) : [];
        using var optimizer = new AdamOptimizer(network.FlatOrder, options.LearningRate);
        using var halfMu = (options.ProximalMu / 2).ToScalar();
        using var minusOne = (-1.0).ToScalar();

        var order = new int[windows.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new SplitMix64(options.Seed);
        var batches = new BatchBuffers(options.BatchSize);
        double lastEpochLoss = 0;
        var steps = 0;
        try
        {
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                random.Shuffle(order);
                double epochLoss = 0;
                for (var start = 0; start < order.Length; start += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start));
                    epochLoss += Step(network, optimizer, anchors, halfMu, minusOne, windows, batch, batches, options) * batch.Length;
                    steps++;
                }

                lastEpochLoss = epochLoss / order.Length;
            }
        }
        finally
        {
            foreach (var anchor in anchors)
            {
                anchor.Dispose();
            }
        }

        return new LocalTrainingResult(new ModelCheckpoint(global.Architecture, network.GetParameters()), windows.Count, lastEpochLoss, steps);
    }

    private static double Step(
        LoadForecastNetwork network,
        AdamOptimizer optimizer,
        Tensor[] anchors,
        Scalar halfMu,
        Scalar minusOne,
        ForecastWindows windows,
        ReadOnlySpan<int> batch,
        BatchBuffers buffers,
        LocalTrainingOptions options)
    {
        using var scope = NewDisposeScope();
        var (inputs, targets) = buffers.For(batch.Length);
        windows.FillInputs(batch, inputs);
        windows.FillTargets(batch, targets);
        var x = tensor(inputs, [batch.Length, ForecastWindows.InputHours, LoadHistory.FeaturesPerHour]);
        var y = tensor(targets, [batch.Length, ForecastWindows.HorizonHours]);

        optimizer.ZeroGrad();
        var mse = nn.functional.mse_loss(network.forward(x), y);
        var loss = mse;
        if (anchors.Length > 0)
        {
            var parameters = network.FlatOrder;
            var drifts = new Tensor[anchors.Length];
            for (var i = 0; i < anchors.Length; i++)
            {
                // w − w_global and its square without operators or square(): each would hand native code a
                // temporary scalar the garbage collector may free mid-call (TorchSharp 0.107).
                var drift = parameters[i].add(anchors[i], minusOne);
                drifts[i] = drift.mul(drift).sum();
            }

            // mse + μ/2·Σ‖w − w_global‖², with the held scalar as alpha (no temporary scalar for native code to lose).
            loss = mse.add(stack(drifts).sum(), halfMu);
        }

        loss.backward();
        nn.utils.clip_grad_norm_(network.parameters(), options.GradientClipNorm);
        optimizer.Step();
        return mse.item<float>();
    }

    private static Tensor[] Anchors(LoadForecastNetwork network)
    {
        var anchors = new Tensor[network.FlatOrder.Count];
        for (var i = 0; i < anchors.Length; i++)
        {
            using var detached = network.FlatOrder[i].detach();
            anchors[i] = detached.clone();
        }

        return anchors;
    }

    /// <summary>Input and target arrays per batch size, reused across steps (tensors copy them).</summary>
    private sealed class BatchBuffers(int batchSize)
    {
        private readonly (float[] Inputs, float[] Targets) _full = Allocate(batchSize);
        private (float[] Inputs, float[] Targets)? _last;

        public (float[] Inputs, float[] Targets) For(int size)
        {
            if (size == batchSize)
            {
                return _full;
            }

            if (_last is not { } last || last.Targets.Length != size * ForecastWindows.HorizonHours)
            {
                _last = last = Allocate(size);
            }

            return last;
        }

        private static (float[] Inputs, float[] Targets) Allocate(int size) =>
            (new float[size * ForecastWindows.InputHours * LoadHistory.FeaturesPerHour], new float[size * ForecastWindows.HorizonHours]);
    }
}
