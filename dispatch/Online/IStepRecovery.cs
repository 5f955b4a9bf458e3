namespace Consortium.Dispatch.Online;

/// <summary>
/// What the coordinator does when a step of the day fails (an operator's node restarting, a call timing out): wait for
/// what failed and say whether to take the step up again, or give up and let the failure end the day.
/// </summary>
public interface IStepRecovery
{
    /// <summary>
    /// Decides, after <paramref name="failure"/> on attempt <paramref name="attempt"/> of step <paramref name="step"/>,
    /// whether to take the step up again (true, once ready) or not (false: the failure is rethrown).
    /// </summary>
    /// <param name="failure">What failed.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">1 for the first failure of the step.</param>
    /// <param name="uncommitted">The operators (indices) that have not committed the step.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    Task<bool> RecoverAsync(Exception failure, int step, int attempt, IReadOnlyList<int> uncommitted, CancellationToken cancellationToken);
}
