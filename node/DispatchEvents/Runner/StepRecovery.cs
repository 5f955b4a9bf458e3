using System.Globalization;
using Consortium.Dispatch.Online;
using Grpc.Core;

namespace Consortium.Node.DispatchEvents.Runner;

/// <summary>
/// How the coordinator rides out an operator node that stops during an intraday day (restarted, upgraded, its host
/// rebooted): a step that fails because a node cannot be reached or did not answer in time is taken up again after a
/// pause, attempt after attempt, for at most <paramref name="window"/> per step; the node, restarted, takes its day up
/// from its store. Any other failure (a node refusing a call, a malformed answer) ends the day as before.
/// </summary>
/// <param name="output">Where each recovery is told.</param>
/// <param name="window">How long one step may wait for its operators to come back.</param>
/// <param name="pause">The pause between attempts.</param>
public sealed class StepRecovery(TextWriter output, TimeSpan window, TimeSpan pause) : IStepRecovery
{
    private readonly Dictionary<int, DateTime> _since = [];

    /// <inheritdoc />
    public async Task<bool> RecoverAsync(Exception failure, int step, int attempt, IReadOnlyList<int> uncommitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (!Transient(failure))
        {
            return false;
        }

        var now = DateTime.UtcNow;
        if (!_since.TryGetValue(step, out var since))
        {
            _since[step] = since = now;
        }

        if (now - since > window)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    step {step}: operators still unreachable after {window.TotalSeconds:F0} s; the day stops here"));
            return false;
        }

        if (attempt == 1)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"    step {step}: {Describe(failure)}; taking the step up again as the operators come back (for up to {window.TotalSeconds:F0} s, {uncommitted.Count} yet to commit it)"));
        }

        await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether <paramref name="failure"/> is an operator out of reach rather than one refusing.</summary>
    public static bool Transient(Exception failure) => failure switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted
            || (rpc.StatusCode is StatusCode.Internal or StatusCode.Cancelled or StatusCode.Unknown && rpc.Status.DebugException is IOException or HttpRequestException),
        AggregateException aggregate => aggregate.InnerExceptions.All(Transient),
        _ => false,
    };

    private static string Describe(Exception failure) => failure is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : failure.Message;
}
