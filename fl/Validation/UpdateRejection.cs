namespace Consortium.Fl.Validation;

/// <summary>An update left out of a round, with the reason a person can read in the round's record.</summary>
/// <param name="MemberId">The member who sent it.</param>
/// <param name="Reason">The kind of problem.</param>
/// <param name="Detail">What exactly was wrong, e.g. "parameter 17 is NaN".</param>
public sealed record UpdateRejection(string MemberId, UpdateRejectionReason Reason, string Detail)
{
    /// <summary>"member: Reason: detail".</summary>
    public override string ToString() => $"{MemberId}: {Reason}: {Detail}";
}
