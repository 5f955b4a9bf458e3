using System.Diagnostics;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Privacy;
using Consortium.Fl.Training;
using Consortium.Network.Federation;
using Consortium.Node.Store;
using Microsoft.Extensions.Logging;

namespace Consortium.Node.Federation.Member;

/// <summary>
/// A member's node in the federation: it trains one task's model on its private data (an operator's load for the load
/// forecast, an automaker's cells for the battery-health model: <see cref="IMemberTask"/>), commits each update's hash on
/// chain with its own key, and evaluates models on its own validation data. Only parameters, hashes and error sums leave
/// it. Of the chain it needs only the round ledger, signing with the member's own key.
/// </summary>
public sealed partial class FederatedMember : IFederatedMemberHandler, IDisposable
{
    private const string LocalOnlyKey = "local-only-model";
    private const string PrivacyRoundsKey = "privacy-rounds-spent";
    private const string DistributedPrivacyKey = "privacy-distributed-noise-multipliers";

    /// <summary>
    /// A task's own key in the store (its local-only model, its privacy spending): a node training both tasks keeps them
    /// apart, each task's data spending its own budget. The load forecast keeps the plain names stores already hold.
    /// </summary>
    private static string KeyOf(string name, FederatedTask task) => task == FederatedTask.LoadForecast ? name : $"{name}/task-{(uint)task}";
    private readonly MemberPrivacy? _privacy;
    private readonly ClientPrivacyOptions? _noise;
    private readonly PrivacyBudget? _budget;
    private readonly NodeStore _store;
    private readonly IRoundLedger _rounds;
    private readonly IMemberTask _task;
    private readonly string _name;
    private readonly ILogger<FederatedMember> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EvaluationGate _admission;

    /// <summary>Opens the member on its store and its view of the round ledger.</summary>
    /// <param name="task">The task it trains, on data from <paramref name="store"/>.</param>
    /// <param name="name">The member's name, also its profile's.</param>
    /// <param name="store">The member's private store.</param>
    /// <param name="rounds">The round ledger, signing with the member's key.</param>
    /// <param name="account">The address of that key: the member's address on chain.</param>
    /// <param name="logger">Receives a line per round.</param>
    /// <param name="privacy">Client-side differential privacy, or none.</param>
    public FederatedMember(
        IMemberTask task, string name, NodeStore store, IRoundLedger rounds, ChainAddress account, ILogger<FederatedMember> logger, MemberPrivacy? privacy = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(logger);
        _privacy = privacy;
        if (privacy is not null)
        {
            _noise = privacy.Noise();
            _budget = new PrivacyBudget(privacy.Epsilon, privacy.Delta);
            var spent = store.GetValue(KeyOf(PrivacyRoundsKey, task.Task)) is { } spentRounds ? BitConverter.ToInt32(spentRounds) : 0;
            for (var i = 0; i < spent; i++)
            {
                _budget.Spend(_noise.NoiseMultiplier);
            }

            // Rounds of distributed DP on a secure sum, each at the σ the round carried.
            foreach (var sigma in DistributedRounds(store, task.Task))
            {
                _budget.Spend(sigma);
            }
        }

        _task = task;
        _name = name;
        _store = store;
        _rounds = rounds;
        Address = account;
        _logger = logger;
        _admission = new EvaluationGate(name, store, rounds, () => AllowTestSplit);
    }

    /// <summary>An operator's member for the load forecast, on the load in its store.</summary>
    /// <param name="name">The operator's name, also its profile's.</param>
    /// <param name="store">The operator's private store, with its imported loads.</param>
    /// <param name="rounds">The round ledger, signing with the operator's key.</param>
    /// <param name="account">The address of that key: the member's address on chain.</param>
    /// <param name="logger">Receives a line per round.</param>
    /// <param name="windowStride">Hours between consecutive training windows.</param>
    /// <param name="privacy">Client-side differential privacy, or none.</param>
    public static FederatedMember ForLoadForecast(
        string name, NodeStore store, IRoundLedger rounds, ChainAddress account, ILogger<FederatedMember> logger, int windowStride = 1, MemberPrivacy? privacy = null) =>
        new(new LoadForecastTask(store, name, windowStride), name, store, rounds, account, logger, privacy);

    /// <summary>The task this member trains.</summary>
    public IMemberTask TrainedTask => _task;

    /// <summary>The member's name in the consortium.</summary>
    public string Name => _name;

    /// <summary>
    /// Whether a caller may have models evaluated on the test split. Off for a node that serves other companies
    /// (<c>consortium run</c>): the test split is never evaluated at a peer's request. On only for a demo's own loopback
    /// children, whose one caller is the process that started them.
    /// </summary>
    public bool AllowTestSplit { get; init; }

    /// <summary>
    /// The candidates a member evaluates in one round at most: what Shapley scoring of <paramref name="contributors"/>
    /// updates needs with the default options (every coalition up to six contributors, else 40 sampled permutations
    /// rounded up to a multiple of the contributor count, each evaluating every prefix), plus the new global model.
    /// </summary>
    /// <param name="contributors">Members that committed an update in the round.</param>
    public static int EvaluationBudget(int contributors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contributors);
        var defaults = new ShapleyOptions();
        var scoring = contributors <= defaults.ExactUpTo
            ? 1 << contributors
            : ((defaults.Permutations + contributors - 1) / contributors) * contributors * contributors;
        return scoring + contributors + 2;
    }

    /// <summary>The member's chain address.</summary>
    public ChainAddress Address { get; }

    /// <inheritdoc />
    public Task<MemberProfile> DescribeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_task.Profile(_name, Address) with { Task = (uint)_task.Task });

    /// <inheritdoc />
    public Task<MemberProfile> DescribeAsync(uint task, CancellationToken cancellationToken) =>
        task == 0 || task == (uint)_task.Task
            ? DescribeAsync(cancellationToken)
            : throw new TaskNotTrainedException($"{_name} does not train task {task}: it trains {_task.Name} (task {(uint)_task.Task}) only.");

    /// <inheritdoc />
    public async Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var claimed = assignment.GlobalModelHash;
        var actual = Keccak.Hash(assignment.GlobalModel);
        if (actual != claimed)
        {
            throw new ArgumentException($"The global model's bytes hash to {actual}, not to the {claimed} sent with them.");
        }

        var round = await _rounds.GetRoundAsync((ulong)assignment.Round).ConfigureAwait(false);
        if (round.Status != RoundStatus.Open)
        {
            throw new InvalidOperationException($"Round {assignment.Round} is {round.Status} on chain, not open.");
        }

        if (round.Task != _task.Task)
        {
            throw new InvalidOperationException($"Round {assignment.Round} trains task {round.Task} on chain; {_name} trains {_task.Name}.");
        }

        if (round.GlobalModelHash != claimed)
        {
            throw new InvalidOperationException($"Round {assignment.Round} was opened on chain with model {round.GlobalModelHash}, not {claimed}.");
        }

        if (round.SecureAggregation != assignment.SecureAggregation)
        {
            // The chain, not the coordinator, says whether the update may leave the node in the clear.
            throw new UnauthorizedAccessException(round.SecureAggregation
                ? $"Round {assignment.Round} was opened secure on chain; {_name} sends its update only masked"
                : $"Round {assignment.Round} was opened plain on chain, not secure as asked");
        }

        var global = ModelCheckpoint.FromBytes(assignment.GlobalModel);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Asked again for a round it already committed to (a coordinator restarted mid-round): the same update, not a new one.
            if (_store.GetMemberRound(assignment.Round) is { } done && done.GlobalModelHash == claimed && _store.GetArtifact(done.UpdateHash) is { } committed)
            {
                _logger.LogInformation("Round {Round}: asked again; answering with the update {Hash} committed in {Tx}", assignment.Round, done.UpdateHash, done.CommitTxHash);
                return new TrainedUpdate(
                    done.Secure ? [] : committed, done.UpdateHash, done.TrainSamples, done.CommitTxHash, done.CommitGasUsed, done.LocalOnlyValidationRmse, done.SeasonalNaiveValidationRmse, done.TrainSeconds);
            }

            if (await _rounds.GetCommitmentAsync((ulong)assignment.Round, Address).ConfigureAwait(false) is { IsCommitted: true } onChain)
            {
                throw new InvalidOperationException(
                    $"{_name} committed {onChain.UpdateHash} in round {assignment.Round} but its store no longer holds that update; it cannot send it again.");
            }

            var distributed = assignment.SecureAggregation && assignment.DpNoiseMultiplier > 0;
            if (distributed)
            {
                CheckDistributedPrivacy(assignment);
            }

            var clock = Stopwatch.StartNew();
            var seed = unchecked((ulong)assignment.Seed);
            var trained = await Task.Run(
                () => _task.Train(global, assignment.LocalEpochs, seed, assignment.ProximalMu, cancellationToken), cancellationToken).ConfigureAwait(false);
            var trainSeconds = clock.Elapsed.TotalSeconds;
            var update = trained.Model.ToBytes();
            var epsilonSpent = 0.0;
            if (distributed && _budget is not null)
            {
                // The noise is added at masking, as this member's share of the sum's; the round is paid for now, when it commits.
                epsilonSpent = _budget.Spend(assignment.DpNoiseMultiplier).Epsilon;
                _store.PutValue(KeyOf(DistributedPrivacyKey, _task.Task), [.. DistributedRounds(_store, _task.Task).Append(assignment.DpNoiseMultiplier).SelectMany(BitConverter.GetBytes)]);
                _logger.LogInformation(
                    "Round {Round}: distributed DP on the secure sum (σ = {Sigma}, m_min = {Minimum}); privacy spent ε = {Epsilon:F3} of {Budget} at δ = {Delta}",
                    assignment.Round, assignment.DpNoiseMultiplier, assignment.DpMinMembers, epsilonSpent, _budget.TargetEpsilon, _budget.Delta);
            }
            else if (_budget is not null && _noise is not null)
            {
                // Clip and noise the update before anything of it leaves the node or reaches the chain.
                if (!_budget.CanAfford(_noise.NoiseMultiplier))
                {
                    throw new InvalidOperationException(
                        $"{_name} has spent its privacy budget (ε = {_budget.Spent.Epsilon:F3} of {_budget.TargetEpsilon}, δ = {_budget.Delta}) and contributes no more updates.");
                }

                var noisy = UpdatePrivatizer.Privatize(global.Parameters, trained.Model.Parameters, _noise, out var privatized);
                var guarantee = _budget.Spend(_noise.NoiseMultiplier);
                epsilonSpent = guarantee.Epsilon;
                _store.PutValue(KeyOf(PrivacyRoundsKey, _task.Task), BitConverter.GetBytes(_budget.Rounds));
                update = new ModelCheckpoint(global.Architecture, noisy).ToBytes();
                _logger.LogInformation(
                    "Round {Round}: update clipped ×{Clip:F3} and noised (σ = {Sigma:F4}); privacy spent ε = {Epsilon:F3} of {Budget} at δ = {Delta}",
                    assignment.Round, privatized.ClipFactor, _noise.NoiseStandardDeviation, guarantee.Epsilon, _budget.TargetEpsilon, guarantee.Delta);
            }

            if (assignment.SecureAggregation)
            {
                // Nobody else will see this update to bound it: the member clips its change itself.
                update = new ModelCheckpoint(global.Architecture, ClipChange(global.Parameters, ModelCheckpoint.FromBytes(update).Parameters, assignment.ClipNorm)).ToBytes();
            }

            _store.PutArtifact(ArtifactKind.GlobalModel, assignment.Round, assignment.GlobalModel);
            var updateHash = _store.PutArtifact(ArtifactKind.Update, assignment.Round, update);

            // Once trained, the commitment and its record are finished even if the caller went away (a coordinator stopped
            // mid-round): a commitment on chain whose record the store lacks could never be answered for again.
            var commit = await _rounds.CommitUpdateAsync((ulong)assignment.Round, updateHash, CancellationToken.None).ConfigureAwait(false);
            var record = new MemberRoundDocument
            {
                Id = assignment.Round,
                GlobalModelHash = claimed,
                UpdateHash = updateHash,
                CommitTxHash = commit.TxHash,
                TrainSamples = trained.SampleCount,
                CompletedAt = DateTime.UtcNow,
                CommitGasUsed = (long)commit.GasUsed,
                TrainSeconds = trainSeconds,
                Secure = assignment.SecureAggregation,
                ClipNorm = assignment.ClipNorm,
                DpNoiseMultiplier = distributed ? assignment.DpNoiseMultiplier : 0,
                DpMinMembers = distributed ? assignment.DpMinMembers : 0,
                DpEpsilonSpent = epsilonSpent,
            };
            _store.SaveMemberRound(record);

            // The yardstick: the same training on this operator's data alone, from the first global model on.
            var localOnly = _store.GetValue(KeyOf(LocalOnlyKey, _task.Task)) is { } saved ? ModelCheckpoint.FromBytes(saved) : global;
            var localTrained = await Task.Run(
                () => _task.Train(localOnly, assignment.LocalEpochs, seed, 0, cancellationToken), cancellationToken).ConfigureAwait(false);
            _store.PutValue(KeyOf(LocalOnlyKey, _task.Task), localTrained.Model.ToBytes());
            var localErrors = _task.Evaluate("local-only", localTrained.Model, EvaluationSplit.Validation, cancellationToken);
            var naive = _task.Baseline(EvaluationSplit.Validation);
            record.LocalOnlyValidationRmse = localErrors.Rmse;
            record.SeasonalNaiveValidationRmse = naive.Rmse;
            _store.SaveMemberRound(record);

            _logger.LogInformation(
                "Round {Round}: trained {Samples} samples in {Seconds:F1} s (loss {Loss:F4}); committed {Hash} in {Tx}",
                assignment.Round, trained.SampleCount, trainSeconds, trained.MeanLoss, updateHash, commit.TxHash);
            return new TrainedUpdate(
                assignment.SecureAggregation ? [] : update,
                updateHash,
                trained.SampleCount,
                commit.TxHash,
                (long)commit.GasUsed,
                localErrors.Rmse,
                naive.Rmse,
                trainSeconds);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>What a caller may have evaluated is decided by <see cref="EvaluationGate"/>.</remarks>
    public async Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var models = await _admission.AdmitAsync(request).ConfigureAwait(false);
        var split = request.Split;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var errors = await Task.Run(
                () => models.Select(m => _task.Evaluate(m.Label, m.Model, split, cancellationToken)).ToList(),
                cancellationToken).ConfigureAwait(false);
            return new EvaluationResult(errors, _task.Baseline(split));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<ClaimReceipt> ClaimAsync(RewardClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var round = await _rounds.GetRoundAsync((ulong)claim.Round).ConfigureAwait(false);
        if (round.Status != RoundStatus.Finalized)
        {
            throw new InvalidOperationException($"Round {claim.Round} is {round.Status} on chain, not finalized.");
        }

        var score = new MemberScore(Address, claim.Score, claim.Reward);
        var proof = claim.Proof;
        if (!RewardMerkleTree.Verify(round.RewardRoot, RewardMerkleTree.LeafHash((ulong)claim.Round, score), proof))
        {
            throw new ArgumentException($"The reward leaf (score {claim.Score}, reward {claim.Reward}) and its proof do not lead to round {claim.Round}'s reward root {round.RewardRoot}.");
        }

        var receipt = await _rounds.ClaimRewardAsync((ulong)claim.Round, score, proof, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Round {Round}: claimed {Reward} token units in {Tx}", claim.Round, claim.Reward, receipt.TxHash);
        return new ClaimReceipt(receipt.TxHash, (long)receipt.GasUsed);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Only for the model a battery-health round was finalized with on chain: the member checks the round's task, status and
    /// model hash before it runs the model on its cells.
    /// </remarks>
    public async Task<IReadOnlyList<ChemistryFade>> WearAsync(long round, byte[] model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_task is not BatteryHealthTask battery)
        {
            throw new InvalidOperationException($"{_name} trains {_task.Name}: it holds no battery cells to estimate wear on.");
        }

        var state = await _rounds.GetRoundAsync((ulong)round).ConfigureAwait(false);
        if (state.Task != FederatedTask.BatteryHealth || state.Status != RoundStatus.Finalized)
        {
            throw new InvalidOperationException($"Round {round} is a {state.Status} round of task {state.Task} on chain, not a finalized battery-health round.");
        }

        var hash = Keccak.Hash(model);
        if (hash != state.NewModelHash)
        {
            throw new ArgumentException($"The model sent hashes to {hash}; round {round} was finalized with {state.NewModelHash}.");
        }

        ModelCheckpoint checkpoint;
        try
        {
            checkpoint = ModelCheckpoint.FromBytes(model);
        }
        catch (ModelFormatException e)
        {
            throw new ArgumentException($"Round {round}'s model does not decode: {e.Message}", e);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fades = await Task.Run(() => battery.Fade(checkpoint, cancellationToken), cancellationToken).ConfigureAwait(false);
            _logger.LogInformation(
                "Round {Round}: wear asked for; answered fade sums of {Chemistries}",
                round,
                string.Join(", ", fades.Select(f => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.Samples} {f.Chemistry} forecasts"))));
            return fades;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <summary>The noise multipliers of the distributed-DP rounds this member has paid for, in order.</summary>
    private static IEnumerable<double> DistributedRounds(NodeStore store, FederatedTask task)
    {
        var bytes = store.GetValue(KeyOf(DistributedPrivacyKey, task)) ?? [];
        for (var offset = 0; offset + sizeof(double) <= bytes.Length; offset += sizeof(double))
        {
            yield return BitConverter.ToDouble(bytes, offset);
        }
    }

    /// <summary>
    /// Refuses a round of distributed DP whose noise is below what this member's operator configured (the σ its budget
    /// was calibrated with), or that its budget can no longer pay for. The coordinator proposes σ; the members agree to it.
    /// </summary>
    private void CheckDistributedPrivacy(TrainAssignment assignment)
    {
        if (assignment.DpMinMembers < 1)
        {
            throw new ArgumentException($"Round {assignment.Round} asks for distributed DP with m_min = {assignment.DpMinMembers}; at least 1 is needed.");
        }

        if (_privacy is null || _budget is null || _noise is null)
        {
            return;
        }

        if (assignment.DpNoiseMultiplier < _noise.NoiseMultiplier)
        {
            throw new InvalidOperationException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"Round {assignment.Round} asks for noise multiplier σ = {assignment.DpNoiseMultiplier:G6} on the secure sum, below the {_noise.NoiseMultiplier:G6} {_name}'s operator configured (--dp-epsilon {_privacy.Epsilon} over --dp-rounds {_privacy.PlannedRounds} at --dp-delta {_privacy.Delta}); {_name} does not train it"));
        }

        if (!_budget.CanAfford(assignment.DpNoiseMultiplier))
        {
            throw new InvalidOperationException(
                $"{_name} has spent its privacy budget (ε = {_budget.Spent.Epsilon:F3} of {_budget.TargetEpsilon}, δ = {_budget.Delta}) and contributes no more updates.");
        }
    }
}
