namespace Consortium.Network.Federation;

/// <summary>
/// What a coordinator asks a member to evaluate in one call. Scoring candidates come as <see cref="Coalitions"/> over
/// <see cref="Updates"/>, so the member evaluates only models it rebuilt from updates committed on chain;
/// <see cref="Models"/> are whole models the member accepts only when the chain records them for the round.
/// </summary>
/// <param name="Round">The round on chain.</param>
/// <param name="Split">Validation (scoring) or test (a demo's own children only).</param>
/// <param name="Models">Whole models: the round's starting model or its finalized result, by hash.</param>
/// <param name="Updates">The round's committed updates the coalitions index.</param>
/// <param name="Coalitions">Candidates as sets of <see cref="Updates"/>.</param>
/// <param name="Aggregation">The rule combining a coalition's updates, in <c>AggregationRule</c>'s text form.</param>
public sealed record EvaluationRequest(
    long Round,
    EvaluationSplit Split,
    IReadOnlyList<CandidateModel> Models,
    IReadOnlyList<RoundUpdate> Updates,
    IReadOnlyList<CoalitionCandidate> Coalitions,
    string Aggregation)
{
    /// <summary>A request for whole models only.</summary>
    public static EvaluationRequest ForModels(long round, IReadOnlyList<CandidateModel> models, EvaluationSplit split) =>
        new(round, split, models, [], [], string.Empty);

    /// <summary>Labels of every candidate, in the order of the answer: the models, then the coalitions.</summary>
    public IEnumerable<string> Labels => Models.Select(m => m.Label).Concat(Coalitions.Select(c => c.Label));

    /// <summary>How many candidates the request asks for.</summary>
    public int Count => Models.Count + Coalitions.Count;
}

/// <summary>One member's update of a round, as the coordinator hands it to evaluators.</summary>
/// <param name="Member">The address that committed the update's hash on chain.</param>
/// <param name="Update">The serialized parameters, exactly the committed bytes.</param>
/// <param name="TrainSamples">Its weight in a coalition's combination.</param>
public sealed record RoundUpdate(ChainAddress Member, byte[] Update, long TrainSamples);

/// <summary>A scoring candidate: the combination of some of the round's updates.</summary>
/// <param name="Label">Echoed in the answer.</param>
/// <param name="Members">Indices into <see cref="EvaluationRequest.Updates"/>; none for the round's starting model.</param>
public sealed record CoalitionCandidate(string Label, IReadOnlyList<int> Members);
