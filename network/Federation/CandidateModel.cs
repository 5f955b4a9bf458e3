namespace Consortium.Network.Federation;

/// <summary>A model to evaluate, by label (for example "all" or "without 0xabc…").</summary>
public sealed record CandidateModel(string Label, byte[] Model);
