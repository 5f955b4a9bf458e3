using Prometheus;

namespace Consortium.Node.Hosting;

/// <summary>
/// What a running node exposes to Prometheus at <c>/metrics</c>: calls served (by method and status), their latency and
/// the bytes they carried either way, rounds trained, gas its own transactions spent, peers refused and the chain head it
/// last saw. Each node keeps its own registry, so several nodes in one process do not mix their figures.
/// </summary>
public sealed class NodeMetrics
{
    /// <summary>Creates the node's collectors in a registry of its own.</summary>
    public NodeMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Calls = factory.CreateCounter("consortium_calls_total", "gRPC calls served, by method and status code.", "method", "code");
        CallSeconds = factory.CreateHistogram(
            "consortium_call_duration_seconds",
            "Time to serve a gRPC call, by method.",
            new HistogramConfiguration { LabelNames = ["method"], Buckets = Histogram.ExponentialBuckets(0.001, 4, 10) });
        BytesIn = factory.CreateCounter("consortium_bytes_received_total", "Bytes of request messages received, by method.", "method");
        BytesOut = factory.CreateCounter("consortium_bytes_sent_total", "Bytes of reply messages sent, by method.", "method");
        Rounds = factory.CreateCounter("consortium_rounds_trained_total", "Federated rounds this node trained an update for.");
        Gas = factory.CreateCounter("consortium_gas_used_total", "Gas spent by this node's own transactions, by what they did.", "transaction");
        Refused = factory.CreateCounter("consortium_peers_refused_total", "Calls refused before reaching the node's handlers, by status code.", "code");
        ChainHead = factory.CreateGauge("consortium_chain_head_block", "The latest block number this node saw on the consortium's chain.");
        ChainReachable = factory.CreateGauge("consortium_chain_reachable", "1 while the last poll of the chain succeeded, 0 otherwise.");
    }

    /// <summary>The registry <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Calls served, labelled method and code.</summary>
    public Counter Calls { get; }

    /// <summary>Call latency, labelled method.</summary>
    public Histogram CallSeconds { get; }

    /// <summary>Request bytes, labelled method.</summary>
    public Counter BytesIn { get; }

    /// <summary>Reply bytes, labelled method.</summary>
    public Counter BytesOut { get; }

    /// <summary>Rounds trained.</summary>
    public Counter Rounds { get; }

    /// <summary>Gas used, labelled by transaction kind (commit, claim, dispatch).</summary>
    public Counter Gas { get; }

    /// <summary>Refused calls, labelled code.</summary>
    public Counter Refused { get; }

    /// <summary>The chain head last seen.</summary>
    public Gauge ChainHead { get; }

    /// <summary>Whether the chain answered the last poll.</summary>
    public Gauge ChainReachable { get; }
}
