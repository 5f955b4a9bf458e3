using System.Diagnostics;
using System.Globalization;
using System.Text;
using Consortium.Contracts.Chain;
using Consortium.Network.SecureAggregation;

namespace Consortium.Node.Federation.SecureAggregation;

/// <summary>One configuration of <c>bench secure-aggregation</c>.</summary>
/// <param name="Members">Members in the round.</param>
/// <param name="Parameters">Values each member contributes.</param>
/// <param name="Setting">"plain", "secure" or "secure, 1 dropped".</param>
/// <param name="MemberBytes">Bytes one member sends and receives, on average.</param>
/// <param name="MemberMilliseconds">CPU time of one member's steps, on average.</param>
/// <param name="CoordinatorMilliseconds">The coordinator's time: relaying, summing and unmasking.</param>
/// <param name="MaxAbsoluteError">Largest difference between the decoded sum and the float sum of the same values.</param>
public sealed record SecureAggregationRow(int Members, int Parameters, string Setting, double MemberBytes, double MemberMilliseconds, double CoordinatorMilliseconds, double MaxAbsoluteError);

/// <summary>
/// What secure aggregation costs against sending updates in the clear, with the real protocol, keys and crypto, every
/// party in this process (so network time is not included; bytes are counted from the messages): per-member bytes and
/// CPU time, the coordinator's time (each the median of <see cref="Repeat"/> runs), and the error of the fixed-point sum
/// against the float sum.
/// </summary>
public static class SecureAggregationBenchmark
{
    /// <summary>The range the benchmark's values are encoded in; the values are normal with standard deviation a tenth of it.</summary>
    public const double Range = 0.5;

    /// <summary>Runs every combination of <paramref name="memberCounts"/> and <paramref name="parameterCounts"/>, printing a line per row.</summary>
    public static IReadOnlyList<SecureAggregationRow> Run(IReadOnlyList<int> memberCounts, IReadOnlyList<int> parameterCounts, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memberCounts);
        ArgumentNullException.ThrowIfNull(parameterCounts);
        ArgumentNullException.ThrowIfNull(progress);
        var rows = new List<SecureAggregationRow>();

        // Warm-up, not reported: the first run pays for compiling the code paths.
        Secure(Values(3, 1000), drop: true);
        foreach (var parameters in parameterCounts)
        {
            foreach (var members in memberCounts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = Values(members, parameters);
                foreach (var row in new[] { Median(() => Plain(values)), Median(() => Secure(values, drop: false)), Median(() => Secure(values, drop: true)) })
                {
                    rows.Add(row);
                    progress.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  {row.Members,3} members × {row.Parameters,9:N0} parameters, {row.Setting,-17}: {row.MemberBytes / 1e6,8:F2} MB and {row.MemberMilliseconds,8:F1} ms per member, coordinator {row.CoordinatorMilliseconds,8:F1} ms"));
                }

                GC.Collect();
            }
        }

        return rows;
    }

    /// <summary>Runs that are timed per configuration; the median time of each party is reported.</summary>
    public const int Repeat = 3;

    /// <summary>The configuration run <see cref="Repeat"/> times, with the median of each time (bytes and error do not vary).</summary>
    private static SecureAggregationRow Median(Func<SecureAggregationRow> run)
    {
        var rows = Enumerable.Range(0, Repeat).Select(_ => run()).ToList();
        static double Middle(IEnumerable<double> values) => values.Order().ElementAt(Repeat / 2);
        return rows[0] with
        {
            MemberMilliseconds = Middle(rows.Select(r => r.MemberMilliseconds)),
            CoordinatorMilliseconds = Middle(rows.Select(r => r.CoordinatorMilliseconds)),
            MaxAbsoluteError = rows.Max(r => r.MaxAbsoluteError),
        };
    }

    /// <summary>The rows as a Markdown table.</summary>
    public static string FormatTable(IReadOnlyList<SecureAggregationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new StringBuilder();
        table.AppendLine("| members | parameters | setting | bytes per member | CPU per member (ms) | coordinator (ms) | max error of the sum |");
        table.AppendLine("|---:|---:|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            table.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {row.Members} | {row.Parameters:N0} | {row.Setting} | {Bytes(row.MemberBytes)} | {row.MemberMilliseconds:F1} | {row.CoordinatorMilliseconds:F1} | {(row.Setting == "plain" ? "-" : row.MaxAbsoluteError.ToString("E1", CultureInfo.InvariantCulture))} |"));
        }

        return table.ToString();
    }

    private static string Bytes(double bytes) => bytes >= 1e6
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F2} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:F1} kB");

    /// <summary>Each member sends its floats; the coordinator adds them up.</summary>
    private static SecureAggregationRow Plain(float[][] values)
    {
        var clock = Stopwatch.StartNew();
        var sum = new double[values[0].Length];
        foreach (var vector in values)
        {
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += vector[i];
            }
        }

        return new SecureAggregationRow(values.Length, values[0].Length, "plain", 4.0 * values[0].Length, 0, clock.Elapsed.TotalMilliseconds, 0);
    }

    private static SecureAggregationRow Secure(float[][] values, bool drop)
    {
        var members = values.Length;
        var length = values[0].Length;
        const long round = 1;
        var accounts = Enumerable.Range(0, members).Select(_ => ChainAccount.Generate()).ToList();
        var roster = accounts.Select(a => a.Address).ToList();
        var graph = NeighbourGraph.Create(members, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var clients = accounts.Select((a, m) => new SecureAggregationClient(m, graph, round, new ChainRoundIdentity(roster, a))).ToList();
        var server = new SecureAggregationServer(graph, round, length);
        var encoding = new FixedPointEncoding(Range, members);
        var memberTime = new double[members];
        var memberBytes = new double[members];
        var coordinator = new Stopwatch();
        var dropped = drop ? 0 : -1;

        T Member<T>(int m, Func<T> step)
        {
            var clock = Stopwatch.StartNew();
            var result = step();
            memberTime[m] += clock.Elapsed.TotalMilliseconds;
            return result;
        }

        void Coordinator(Action step)
        {
            coordinator.Start();
            step();
            coordinator.Stop();
        }

        for (var m = 0; m < members; m++)
        {
            var advertisement = Member(m, clients[m].Advertise);
            memberBytes[m] += 64 + 65 + 4;
            Coordinator(() => server.Receive(advertisement));
        }

        for (var m = 0; m < members; m++)
        {
            var forwarded = server.AdvertisementsFor(m);
            memberBytes[m] += forwarded.Count * (64 + 65 + 4);
            var envelopes = Member(m, () => clients[m].ShareKeys(forwarded));
            memberBytes[m] += envelopes.Sum(e => e.Nonce.Length + e.Ciphertext.Length + 8);
            Coordinator(() => server.Receive(m, envelopes));
        }

        var words = new uint[length];
        for (var m = 0; m < members; m++)
        {
            var received = server.EnvelopesFor(m);
            memberBytes[m] += received.Sum(e => e.Nonce.Length + e.Ciphertext.Length + 8);
            if (m == dropped)
            {
                continue;
            }

            var masked = Member(m, () =>
            {
                encoding.Encode(values[m], words);
                return clients[m].MaskInput(words, received);
            });
            memberBytes[m] += 4.0 * length;
            Coordinator(() => server.Receive(masked));
        }

        var survivors = server.Survivors;
        foreach (var m in survivors)
        {
            var signature = Member(m, () => clients[m].ConfirmSurvivors(survivors));
            memberBytes[m] += 65 + (4 * survivors.Count);
            Coordinator(() => server.Receive(signature));
        }

        var request = server.UnmaskRequest();
        foreach (var m in survivors)
        {
            memberBytes[m] += request.Signatures.Count * 69;
            var reply = Member(m, () => clients[m].Unmask(request));
            memberBytes[m] += reply.Shares.Sum(s => s.Share.Value.Length + 6);
            Coordinator(() => server.Receive(reply));
        }

        uint[] sum = [];
        Coordinator(() => sum = server.Sum());
        var decoded = new double[length];
        encoding.DecodeSum(sum, decoded);
        var error = 0.0;
        for (var i = 0; i < length; i++)
        {
            double exact = 0;
            for (var m = 0; m < members; m++)
            {
                if (m != dropped)
                {
                    exact += values[m][i];
                }
            }

            error = Math.Max(error, Math.Abs(decoded[i] - exact));
        }

        var counted = Enumerable.Range(0, members).Where(m => m != dropped).ToList();
        return new SecureAggregationRow(
            members,
            length,
            drop ? "secure, 1 dropped" : "secure",
            counted.Average(m => memberBytes[m]),
            counted.Average(m => memberTime[m]),
            coordinator.Elapsed.TotalMilliseconds,
            error);
    }

    private static float[][] Values(int members, int parameters)
    {
        var random = new Random(members * 7919 + parameters);
        var values = new float[members][];
        for (var m = 0; m < members; m++)
        {
            values[m] = new float[parameters];
            for (var i = 0; i < parameters; i++)
            {
                // Box–Muller: normal values, a few beyond the range to be clipped (they are clipped in the float sum too).
                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[m][i] = (float)Math.Clamp(normal * Range / 10, -Range, Range);
            }
        }

        return values;
    }
}
