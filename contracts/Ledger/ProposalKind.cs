namespace Consortium.Contracts.Ledger;

/// <summary>What a proposal decides (mirrors <c>IMemberRegistry.ProposalKind</c>).</summary>
public enum ProposalKind
{
    /// <summary>No such proposal.</summary>
    None = 0,

    /// <summary>Admitting an applicant that escrowed its stake.</summary>
    Admission = 1,

    /// <summary>Making a member the coordinator.</summary>
    CoordinatorRotation = 2,

    /// <summary>Registers an account as a grid party, whose signed requests dispatch events may answer.</summary>
    GridPartyRegistration = 3,

    /// <summary>Removes a grid party.</summary>
    GridPartyRemoval = 4,
    /// <summary>Setting the reward pool per round.</summary>
    RewardPool = 5,

    /// <summary>Reversing the round ledger's accusation of a member that disputed it.</summary>
    AccusationReversal = 6,
}
