namespace Consortium.Fl.Strategies;

/// <summary>One member's locally trained parameters for a round.</summary>
/// <param name="MemberId">Who sent it; unique within a round.</param>
/// <param name="Parameters">The full trained parameter vector (not a difference from the global model).</param>
/// <param name="SampleCount">Training windows behind it.</param>
public sealed record MemberUpdate(string MemberId, float[] Parameters, long SampleCount);
