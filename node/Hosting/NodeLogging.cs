namespace Consortium.Node.Hosting;

/// <summary>How a long-running node writes its log to standard output, where systemd's journal or a container runtime collects it.</summary>
public enum LogFormat
{
    /// <summary>One line per entry with a UTC timestamp, level and category.</summary>
    Text,

    /// <summary>One JSON object per line (timestamp, level, category, message, the message's named values).</summary>
    Json,
}

/// <summary>Sets up a long-running node's logging.</summary>
public static class NodeLogging
{
    /// <summary>Logs to standard output in <paramref name="format"/>; framework chatter only from warnings up, the TLS handshakes peers fail at Debug.</summary>
    public static ILoggingBuilder AddNodeConsole(this ILoggingBuilder logging, LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        return logging;
    }
}
