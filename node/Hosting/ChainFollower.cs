using Consortium.Contracts.Chain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Consortium.Node.Hosting;

/// <summary>
/// Follows the consortium's chain while a node runs: polls the head, publishes it as a metric, and tells the health
/// check whether the chain still answers. A node that cannot reach its chain cannot check its peers or commit, so it
/// reports itself unhealthy until the chain answers again.
/// </summary>
public sealed partial class ChainFollower(ChainConnection connection, NodeMetrics metrics, ILogger<ChainFollower> logger, TimeSpan? interval = null)
    : BackgroundService, IHealthCheck
{
    /// <summary>How long without an answer from the chain the node stays healthy.</summary>
    public static TimeSpan Tolerance { get; } = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _interval = interval ?? TimeSpan.FromSeconds(2);
    private DateTimeOffset _lastAnswer = DateTimeOffset.UtcNow;
    private ulong _head;
    private string? _lastError;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var silent = DateTimeOffset.UtcNow - _lastAnswer;
        var data = new Dictionary<string, object> { ["chainHead"] = _head, ["secondsSinceChainAnswered"] = Math.Round(silent.TotalSeconds, 1) };
        return Task.FromResult(silent <= Tolerance
            ? HealthCheckResult.Healthy($"chain head {_head}", data)
            : HealthCheckResult.Unhealthy($"the chain has not answered for {silent.TotalSeconds:F0} s: {_lastError}", data: data));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var head = await connection.GetBlockNumberAsync().ConfigureAwait(false);
                if (_lastError is not null)
                {
                    LogChainBack(logger, head);
                }

                _head = head;
                _lastAnswer = DateTimeOffset.UtcNow;
                _lastError = null;
                metrics.ChainHead.Set(head);
                metrics.ChainReachable.Set(1);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (_lastError is null)
                {
                    LogChainLost(logger, e.Message);
                }

                _lastError = e.Message;
                metrics.ChainReachable.Set(0);
            }

            try
            {
                await Task.Delay(_interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chain does not answer: {Error}")]
    private static partial void LogChainLost(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The chain answers again at block {Head}")]
    private static partial void LogChainBack(ILogger logger, ulong head);
}
