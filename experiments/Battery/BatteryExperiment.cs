using System.Diagnostics;
using System.Globalization;
using Consortium.Data.BatteryAgeing;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Battery;
using Consortium.Fl.Strategies;

namespace Consortium.Experiments.Battery;

/// <summary>
/// The battery-health experiment: each lab is one automaker member holding its own cells; every setting is trained
/// and then tested on the same held-out cells of each member (whole cells, drawn once with the seed). Settings:
/// local-only, centralized (all members' training cells pooled), federated with each strategy, federated with FedPer
/// personalization (the output layer stays with each member), FedAvg followed by each member's local fine-tuning, one member poisoning its updates under the mean and
/// robust aggregation, and a newcomer (each member left out in turn) zero-shot, fine-tuned on a share of its cells, and
/// trained on all of them. Then the capacity-fade forecaster on the same split: two naive forecasts, local-only,
/// centralized, FedAvg, FedPer and FedAvg with local adaptation.
/// </summary>
public sealed class BatteryExperiment
{
    private readonly BatteryExperimentOptions _options;
    private readonly TextWriter _progress;
    private readonly List<Member> _members;
    private readonly List<Member> _outsiders;

    /// <summary>Splits each member's cells into training and test cells and fits each member's feature scaling.</summary>
    /// <exception cref="ArgumentException">Fewer than two members, or a member with fewer than two cells.</exception>
    /// <param name="members">Each member's cells.</param>
    /// <param name="options">How to train.</param>
    /// <param name="progress">Where a line per setting goes.</param>
    /// <param name="newcomers">Labs that never take part in the consortium's settings, only join as newcomers (another lab's export).</param>
    public BatteryExperiment(
        IReadOnlyDictionary<string, IReadOnlyList<BatteryCell>> members,
        BatteryExperimentOptions options,
        TextWriter progress,
        IReadOnlyDictionary<string, IReadOnlyList<BatteryCell>>? newcomers = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (members.Count < 2)
        {
            throw new ArgumentException("The experiment needs at least two members.", nameof(members));
        }

        _options = options;
        _progress = progress ?? TextWriter.Null;
        _members = [.. members.Select((m, i) => Member.Split(m.Key, m.Value, options, i))];
        _outsiders = [.. (newcomers ?? new Dictionary<string, IReadOnlyList<BatteryCell>>()).Select((m, i) => Member.Split(m.Key, m.Value, options, members.Count + i))];
        if (_outsiders.Any(o => members.ContainsKey(o.Name)))
        {
            throw new ArgumentException("A newcomer has the name of a member.", nameof(newcomers));
        }
    }

    /// <summary>The members with their split, in the order given.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<BatteryCell> Train, IReadOnlyList<BatteryCell> Test)> Splits =>
        [.. _members.Concat(_outsiders).Select(m => (m.Name, m.Train, m.Test))];

    /// <summary>Runs every setting of the options' models and returns its results, printing a line per setting.</summary>
    public BatteryExperimentResults Run(CancellationToken cancellationToken = default)
    {
        var results = new List<BatterySettingResult>();
        var models = new Dictionary<string, Dictionary<string, float[]>>();
        if (_options.Models.Contains(BatteryModels.Estimator))
        {
            RunEstimator(results, models, cancellationToken);
        }

        return new BatteryExperimentResults(results, _members.Concat(_outsiders).Select(m => (m.Name, m.Test)).ToList(), models, _options)
        {
            Forecasts = _options.Models.Contains(BatteryModels.Forecaster) ? RunForecaster(cancellationToken) : [],
        };
    }

    /// <summary>The estimator's settings, each added to <paramref name="results"/>, with the models of those that may be plotted.</summary>
    private void RunEstimator(List<BatterySettingResult> results, Dictionary<string, Dictionary<string, float[]>> models, CancellationToken cancellationToken)
    {
        void Add(BatterySettingResult result, Dictionary<string, float[]>? perMember = null)
        {
            results.Add(result);
            if (perMember is not null)
            {
                models[result.Label] = perMember;
            }

            _progress.WriteLine($"  {result.Label,-42} mean MAE {result.Mean.Mae,6:F2}  RMSE {result.Mean.Rmse,6:F2}  MAPE {result.Mean.Mape,6:F2} %  ({result.Seconds:F0} s)");
        }

        var epochs = _options.Rounds * _options.LocalEpochs;
        var timer = Stopwatch.StartNew();
        var local = _members.ToDictionary(m => m.Name, m => Train(m, Initial(), epochs, 1, cancellationToken));
        Add(Result("local-only", null, null, null, local, timer), local);

        timer.Restart();
        var central = TrainCentralized(epochs, cancellationToken);
        var centralModels = _members.ToDictionary(m => m.Name, _ => central);
        Add(Result("centralized", null, null, null, centralModels, timer), centralModels);

        foreach (var strategy in _options.Strategies)
        {
            timer.Restart();
            var federated = Federate(_members, new StrategyConfiguration(StrategyConfiguration.ParseKind(strategy)), personalize: false, attacker: null, cancellationToken);
            Add(Result("federated", strategy, "mean", null, federated, timer), federated);
        }

        timer.Restart();
        var personalized = Federate(_members, new StrategyConfiguration(), personalize: true, attacker: null, cancellationToken);
        Add(Result("federated-personalized", "fedavg", "mean", null, personalized, timer), personalized);

        // Local adaptation: each member fine-tunes the FedAvg model on its own training cells for half the epochs a
        // local-only model trains.
        timer.Restart();
        var shared = Federate(_members, new StrategyConfiguration(), personalize: false, attacker: null, cancellationToken);
        var adapted = _members.ToDictionary(m => m.Name, m => Train(m, shared[m.Name], Math.Max(1, epochs / 2), 7, cancellationToken));
        Add(Result("federated-fine-tuned", "fedavg", "mean", null, adapted, timer), adapted);

        // Mixture (APFL's personalized model, mixed in its estimates): each member's estimate is the mean of its own
        // local-only model's and its fine-tuned federated model's, the weight fixed at one half (no cell is spent on
        // choosing it).
        timer.Restart();
        Add(MixtureResult("federated-mixture", local, adapted, timer));

        var attack = $"sign-flip x{_options.AttackFactor:G} by {_options.Attacker}";
        if (_members.Any(m => m.Name == _options.Attacker))
        {
            foreach (var aggregator in _options.Aggregators)
            {
                timer.Restart();
                var rule = AggregationRule.Parse(aggregator);
                if (rule.Kind == AggregatorKind.MultiKrum && _members.Count < rule.AssumedByzantine + 3)
                {
                    _progress.WriteLine($"  attack with {aggregator}: not run, Multi-Krum with f = {rule.AssumedByzantine} needs at least {rule.AssumedByzantine + 3} members, the consortium has {_members.Count}");
                    continue;
                }

                var configuration = new StrategyConfiguration(StrategyKind.FedAvg, rule);
                var attacked = Federate(_members, configuration, personalize: false, attacker: _options.Attacker, cancellationToken);
                var honest = attacked.Where(kv => kv.Key != _options.Attacker).ToDictionary();
                Add(Result("attack", "fedavg", aggregator, attack, honest, timer));
            }
        }

        foreach (var newcomer in _members.Concat(_outsiders))
        {
            timer.Restart();
            var others = _members.Where(m => m != newcomer).ToList();
            var consortium = Federate(others, new StrategyConfiguration(), personalize: false, attacker: null, cancellationToken);
            var consortiumModel = consortium.Values.First();
            var zeroShot = new Dictionary<string, float[]> { [newcomer.Name] = consortiumModel };
            Add(Result("newcomer-zero-shot", "fedavg", "mean", null, zeroShot, timer, newcomer.Name));

            timer.Restart();
            var fineTune = newcomer.FineTuneShare(_options);
            var tuned = new Dictionary<string, float[]> { [newcomer.Name] = TrainOn(fineTune, consortiumModel, epochs, 17, cancellationToken) };
            Add(Result("newcomer-fine-tuned", "fedavg", "mean", null, tuned, timer, newcomer.Name));

            timer.Restart();
            var all = new Dictionary<string, float[]> { [newcomer.Name] = local.TryGetValue(newcomer.Name, out var own) ? own : Train(newcomer, Initial(), epochs, 1, cancellationToken) };
            Add(Result("newcomer-all-cells", null, null, null, all, timer, newcomer.Name));
        }
    }

    /// <summary>
    /// The capacity-fade forecaster's settings on the same split: two naive forecasts, local-only, centralized, FedAvg,
    /// FedPer and FedAvg with local adaptation, each tested on every member's held-out cells.
    /// </summary>
    private List<BatterySettingResult> RunForecaster(CancellationToken cancellationToken)
    {
        var results = new List<BatterySettingResult>();
        var learner = Forecaster;
        void Add(BatterySettingResult result)
        {
            results.Add(result);
            var horizons = string.Join("  ", result.Horizons!.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key,3}: {h.Value.Mean.Mae,5:F2}")));
            _progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.Label,-42} mean MAE {result.Mean.Mae,6:F2}  by horizon {horizons}  ({result.Seconds:F0} s)"));
        }

        var timer = Stopwatch.StartNew();
        Add(ForecastResult("naive-no-fade", null, _members.ToDictionary(m => m.Name, m => CapacityFadeTrainer.Score(CapacityFadeBaselines.NoFade(m.ForecastTest), m.ForecastTest)), null, timer));
        timer.Restart();
        Add(ForecastResult("naive-recent-slope", null, _members.ToDictionary(m => m.Name, m => CapacityFadeTrainer.Score(CapacityFadeBaselines.RecentSlope(m.ForecastTest), m.ForecastTest)), null, timer));

        var epochs = _options.Rounds * _options.LocalEpochs;
        timer.Restart();
        Add(ForecastResult("local-only", null, _members.ToDictionary(m => m.Name, m => learner.Train(m, learner.Initial(), epochs, 1 + m.Index, 0, cancellationToken)), timer));

        timer.Restart();
        var pooled = CapacityFadeSamples.Concat(_members.Select(m => m.ForecastTrain).ToList());
        var central = TrainForecaster(pooled, learner.Initial(), epochs, 99, 0, cancellationToken);
        Add(ForecastResult("centralized", null, _members.ToDictionary(m => m.Name, _ => central), timer));

        timer.Restart();
        var shared = Federate(_members, new StrategyConfiguration(), personalize: false, attacker: null, learner, cancellationToken);
        Add(ForecastResult("federated", "fedavg", shared, timer));

        timer.Restart();
        Add(ForecastResult("federated-personalized", "fedavg", Federate(_members, new StrategyConfiguration(), personalize: true, attacker: null, learner, cancellationToken), timer));

        timer.Restart();
        var adapted = _members.ToDictionary(m => m.Name, m => learner.Train(m, shared[m.Name], Math.Max(1, epochs / 2), 7 + m.Index, 0, cancellationToken));
        Add(ForecastResult("federated-fine-tuned", "fedavg", adapted, timer));
        return results;
    }

    /// <summary>Estimates of a member's test cells under one setting's model for that member (for the plot).</summary>
    public double[] Estimate(string member, float[] parameters, BatteryCell cell)
    {
        var m = _members.Concat(_outsiders).Single(x => x.Name == member);
        return BatteryHealthTrainer.Estimate(_options.Architecture, parameters, BatterySamples.From([cell], m.Scaling));
    }

    /// <summary>Trains one member's model from a start for some epochs; <c>salt</c> seeds its minibatch order, <c>mu</c> is FedProx's.</summary>
    private delegate float[] TrainMember(Member member, float[] start, int epochs, int salt, double mu, CancellationToken cancellationToken);

    private Learner Estimator => new(
        _options.Architecture.BodyParameterCount,
        Initial,
        m => m.TrainSamples.Count,
        (m, start, epochs, salt, mu, ct) => TrainOn(m.TrainSamples, start, epochs, salt, ct, mu));

    private Learner Forecaster => new(
        _options.Forecaster.BodyParameterCount,
        () => _options.Forecaster.InitialParameters((ulong)_options.Seed),
        m => m.ForecastTrain.Count,
        (m, start, epochs, salt, mu, ct) => TrainForecaster(m.ForecastTrain, start, epochs, salt, mu, ct));

    private float[] Initial() => _options.Architecture.InitialParameters((ulong)_options.Seed);

    private float[] TrainForecaster(CapacityFadeSamples samples, float[] start, int epochs, int salt, double mu, CancellationToken cancellationToken) =>
        CapacityFadeTrainer.Train(
            _options.Forecaster, start, samples,
            new BatteryTrainingOptions(epochs, _options.LearningRate, Seed: (ulong)(_options.Seed * 1000 + salt), ProximalMu: mu),
            cancellationToken);

    private float[] Train(Member member, float[] start, int epochs, int salt, CancellationToken cancellationToken) =>
        TrainOn(member.TrainSamples, start, epochs, salt + member.Index, cancellationToken);

    private float[] TrainOn(BatterySamples samples, float[] start, int epochs, int salt, CancellationToken cancellationToken, double mu = 0) =>
        BatteryHealthTrainer.Train(
            _options.Architecture, start, samples,
            new BatteryTrainingOptions(epochs, _options.LearningRate, Seed: (ulong)(_options.Seed * 1000 + salt), ProximalMu: mu),
            cancellationToken);

    private float[] TrainCentralized(int epochs, CancellationToken cancellationToken)
    {
        // Pooled: every member's training cycles, each standardized with its own member's statistics.
        var parameters = Initial();
        var pooled = BatterySamples.Concat(_members.Select(m => m.TrainSamples).ToList());
        return TrainOn(pooled, parameters, epochs, 99, cancellationToken);
    }

    /// <summary>Rounds of the strategy among <paramref name="members"/> training the estimator; each member's final model.</summary>
    private Dictionary<string, float[]> Federate(
        IReadOnlyList<Member> members, StrategyConfiguration configuration, bool personalize, string? attacker, CancellationToken cancellationToken) =>
        Federate(members, configuration, personalize, attacker, Estimator, cancellationToken);

    /// <summary>Rounds of the strategy among <paramref name="members"/> training <paramref name="learner"/>'s model; each member's final model.</summary>
    private Dictionary<string, float[]> Federate(
        IReadOnlyList<Member> members, StrategyConfiguration configuration, bool personalize, string? attacker, Learner learner, CancellationToken cancellationToken)
    {
        var body = learner.BodyParameterCount;
        var strategy = configuration.Create();
        var global = learner.Initial();
        var heads = members.ToDictionary(m => m.Name, _ => global[body..]);
        var mu = configuration.Kind == StrategyKind.FedProx ? configuration.ProximalMu : 0;
        for (var round = 1; round <= _options.Rounds; round++)
        {
            var updates = new List<MemberUpdate>(members.Count);
            foreach (var member in members)
            {
                var start = personalize ? [.. global[..body], .. heads[member.Name]] : global;
                var trained = learner.Train(member, start, _options.LocalEpochs, (round * 31) + member.Index, mu, cancellationToken);
                if (personalize)
                {
                    heads[member.Name] = trained[body..];
                }

                if (member.Name == attacker)
                {
                    // Sign flip, scaled: the attacker sends the global model pushed against its honest change.
                    for (var i = 0; i < trained.Length; i++)
                    {
                        trained[i] = global[i] - (float)(_options.AttackFactor * (trained[i] - global[i]));
                    }
                }

                updates.Add(new MemberUpdate(member.Name, trained, learner.Samples(member)));
            }

            global = strategy.Aggregate(global, updates);
        }

        return members.ToDictionary(
            m => m.Name,
            m => personalize ? [.. global[..body], .. heads[m.Name]] : global);
    }

    private BatterySettingResult Result(
        string setting, string? strategy, string? aggregator, string? attack, Dictionary<string, float[]> models, Stopwatch timer, string? newcomer = null) => new()
        {
            Setting = setting,
            Strategy = strategy,
            Aggregator = aggregator,
            Attack = attack,
            Newcomer = newcomer,
            Members = models.ToDictionary(
                kv => kv.Key,
                kv =>
                {
                    var errors = BatteryHealthTrainer.Evaluate(_options.Architecture, kv.Value, _members.Concat(_outsiders).Single(m => m.Name == kv.Key).TestSamples);
                    return new BatteryErrors(errors.Mae, errors.Rmse, errors.Mape);
                }),
            Seconds = timer.Elapsed.TotalSeconds,
        };

    /// <summary>A setting whose estimate for each member is the mean of two models' estimates.</summary>
    private BatterySettingResult MixtureResult(string setting, Dictionary<string, float[]> first, Dictionary<string, float[]> second, Stopwatch timer) => new()
    {
        Setting = setting,
        Strategy = "fedavg",
        Aggregator = "mean",
        Members = first.ToDictionary(
            kv => kv.Key,
            kv =>
            {
                var samples = _members.Single(m => m.Name == kv.Key).TestSamples;
                var a = BatteryHealthTrainer.Estimate(_options.Architecture, kv.Value, samples);
                var b = BatteryHealthTrainer.Estimate(_options.Architecture, second[kv.Key], samples);
                var errors = SohErrors.Of([.. a.Zip(b, (x, y) => (x + y) / 2)], samples.Soh);
                return new BatteryErrors(errors.Mae, errors.Rmse, errors.Mape);
            }),
        Seconds = timer.Elapsed.TotalSeconds,
    };

    /// <summary>A forecaster setting's test errors per member and horizon, and, with models, the fade per cycle per chemistry they forecast on the test cells.</summary>
    private BatterySettingResult ForecastResult(string setting, string? strategy, Dictionary<string, float[]> models, Stopwatch timer)
    {
        var architecture = _options.Forecaster;
        var byMember = _members.ToDictionary(m => m.Name, m => m);
        var errors = models.ToDictionary(kv => kv.Key, kv => CapacityFadeTrainer.Evaluate(architecture, kv.Value, byMember[kv.Key].ForecastTest));
        var fade = new Dictionary<string, Dictionary<string, BatteryFadeRate>>();
        foreach (var horizon in CapacityFadeArchitecture.Horizons)
        {
            var forecast = CapacityFadeRates.Pool(models.Select(kv => CapacityFadeRates.Forecast(architecture, kv.Value, byMember[kv.Key].Test, byMember[kv.Key].Scaling, horizon)));
            var whereMeasured = CapacityFadeRates.Pool(models.Select(kv => CapacityFadeRates.Forecast(architecture, kv.Value, byMember[kv.Key].ForecastTest, horizon, whereMeasured: true)));
            var measured = CapacityFadeRates.Pool(models.Keys.Select(name => CapacityFadeRates.Measured(byMember[name].ForecastTest, horizon)));
            fade[horizon.ToString(CultureInfo.InvariantCulture)] = forecast.ToDictionary(
                f => f.Key,
                f => new BatteryFadeRate(
                    f.Value.PerCyclePercent,
                    f.Value.Count,
                    whereMeasured.TryGetValue(f.Key, out var w) ? w.PerCyclePercent : null,
                    measured.TryGetValue(f.Key, out var m) ? m.PerCyclePercent : null,
                    measured.TryGetValue(f.Key, out m) ? m.Count : 0));
        }

        return ForecastResult(setting, strategy, errors, fade, timer);
    }

    private static BatterySettingResult ForecastResult(
        string setting, string? strategy, Dictionary<string, CapacityFadeErrors> errors, Dictionary<string, Dictionary<string, BatteryFadeRate>>? fade, Stopwatch timer)
    {
        static BatteryErrors Of(SohErrorSums sums) => new(sums.Mae, sums.Rmse, sums.Mape);
        var horizons = new Dictionary<string, BatteryHorizonResult>();
        for (var k = 0; k < CapacityFadeArchitecture.Outputs; k++)
        {
            // A member whose test cells never reach this horizon is left out of it.
            var members = errors.Where(e => e.Value.PerHorizon[k].Count > 0).ToDictionary(e => e.Key, e => Of(e.Value.PerHorizon[k]));
            if (members.Count > 0)
            {
                horizons[CapacityFadeArchitecture.Horizons[k].ToString(CultureInfo.InvariantCulture)] = new BatteryHorizonResult { Members = members };
            }
        }

        return new BatterySettingResult
        {
            Setting = setting,
            Model = BatteryModels.Forecaster,
            Strategy = strategy,
            Aggregator = strategy is null ? null : "mean",
            Members = errors.ToDictionary(e => e.Key, e => Of(e.Value.AllHorizons)),
            Horizons = horizons,
            FadePerCycle = fade,
            Seconds = timer.Elapsed.TotalSeconds,
        };
    }

    /// <summary>How one model is trained, so that the same federation trains the estimator and the forecaster.</summary>
    private sealed record Learner(int BodyParameterCount, Func<float[]> Initial, Func<Member, int> Samples, TrainMember Train);

    private sealed class Member
    {
        public required string Name { get; init; }

        public required int Index { get; init; }

        public required IReadOnlyList<BatteryCell> Train { get; init; }

        public required IReadOnlyList<BatteryCell> Test { get; init; }

        public required FeatureScaling Scaling { get; init; }

        public required BatterySamples TrainSamples { get; init; }

        public required BatterySamples TestSamples { get; init; }

        /// <summary>The forecaster's training samples (built when first needed: a newcomer's file may hold cells too short to forecast from).</summary>
        public CapacityFadeSamples ForecastTrain => _forecastTrain.Value;

        /// <summary>The forecaster's test samples.</summary>
        public CapacityFadeSamples ForecastTest => _forecastTest.Value;

        private Lazy<CapacityFadeSamples> _forecastTrain = null!;

        private Lazy<CapacityFadeSamples> _forecastTest = null!;

        public static Member Split(string name, IReadOnlyList<BatteryCell> cells, BatteryExperimentOptions options, int index)
        {
            if (cells.Count < 2)
            {
                throw new ArgumentException($"Member {name} holds {cells.Count} cell(s); the split by cell needs at least two.", nameof(cells));
            }

            var order = cells.OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
            new Random(options.Seed + (31 * index)).Shuffle(order);
            var test = Math.Clamp((int)Math.Ceiling(options.TestShare * order.Length), 1, order.Length - 1);
            var testCells = order[..test].OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
            var trainCells = order[test..].OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
            var scaling = FeatureScaling.Fit(trainCells);
            return new Member
            {
                Name = name,
                Index = index,
                Train = trainCells,
                Test = testCells,
                Scaling = scaling,
                TrainSamples = BatterySamples.From(trainCells, scaling),
                TestSamples = BatterySamples.From(testCells, scaling),
                _forecastTrain = new(() => CapacityFadeSamples.From(trainCells, scaling)),
                _forecastTest = new(() => CapacityFadeSamples.From(testCells, scaling)),
            };
        }

        /// <summary>The first <see cref="BatteryExperimentOptions.FineTuneShare"/> of the training cells (at least one), standardized with statistics of those cells alone.</summary>
        public BatterySamples FineTuneShare(BatteryExperimentOptions options)
        {
            var count = Math.Clamp((int)Math.Ceiling(options.FineTuneShare * Train.Count), 1, Train.Count);
            return BatterySamples.From(Train.Take(count).ToList(), Scaling);
        }
    }
}
