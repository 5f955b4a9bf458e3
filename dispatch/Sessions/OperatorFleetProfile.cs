using Consortium.Data.Councils;

namespace Consortium.Dispatch.Sessions;

/// <summary>One operator's plan and the fleet profile of its sites' sessions.</summary>
/// <param name="Plan">The operator, as cut by <see cref="ScottishCouncilData.Plan"/>.</param>
/// <param name="Profile">The profile of the sessions at the operator's sites.</param>
public sealed record OperatorFleetProfile(OperatorPlan Plan, SessionFleetProfile Profile);
