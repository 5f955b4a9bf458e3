namespace Consortium.Fl.Contribution;

/// <summary>One member's leave-one-out contribution to a round.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="LossWithout">Loss of the model aggregated from every other member's update.</param>
/// <param name="Score">
/// <paramref name="LossWithout"/> minus the loss of the model aggregated from all updates: positive when
/// the member's update made the model better, negative when it made it worse.
/// </param>
public sealed record LeaveOneOutScore(string MemberId, double LossWithout, double Score);
