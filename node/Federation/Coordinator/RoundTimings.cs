namespace Consortium.Node.Federation.Coordinator;

/// <summary>Where a round's wall time went, as the coordinator measured it.</summary>
/// <param name="Training">From opening the round until every sampled member's update was received and checked.</param>
/// <param name="Total">From opening the round until its rewards were claimed.</param>
public sealed record RoundTimings(TimeSpan Training, TimeSpan Total);
