namespace Consortium.Fl.Privacy;

/// <summary>A member was asked to contribute a round its privacy budget cannot pay for.</summary>
public sealed class PrivacyBudgetExhaustedException : InvalidOperationException
{
    /// <summary>Creates the exception with a message giving the budget and what the round would cost.</summary>
    public PrivacyBudgetExhaustedException(string message)
        : base(message)
    {
    }
}
