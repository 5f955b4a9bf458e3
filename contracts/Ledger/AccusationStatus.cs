namespace Consortium.Contracts.Ledger;

/// <summary>Where an accusation of a malicious update is (mirrors <c>IRoundLedger.AccusationStatus</c>).</summary>
public enum AccusationStatus
{
    /// <summary>The member was never accused for the round.</summary>
    None = 0,

    /// <summary>Inside or past its challenge window, undisputed; settling it after the window slashes.</summary>
    Pending = 1,

    /// <summary>The accused disputed it; the members other than it and the coordinator vote on reversing it.</summary>
    Disputed = 2,

    /// <summary>Settled with the slash taken.</summary>
    Upheld = 3,

    /// <summary>Reversed by the members' vote; it never slashes.</summary>
    Reversed = 4,

    /// <summary>Disputed, and the vote reached no decision by its deadline; it never slashes.</summary>
    Lapsed = 5,
}
