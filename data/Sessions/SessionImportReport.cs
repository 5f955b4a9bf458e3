using System.Text;

namespace Consortium.Data.Sessions;

/// <summary>
/// Counts of what an import read, kept and skipped, by reason. Mutable while an import runs;
/// several files can be counted into one report.
/// </summary>
public sealed class SessionImportReport
{
    private readonly Dictionary<SessionRejectReason, int> _rejected = [];
    private readonly Dictionary<SessionRejectReason, SessionRowLocation> _firstRejected = [];

    /// <summary>Data rows read (header lines excluded).</summary>
    public int RowsRead { get; private set; }

    /// <summary>Rows turned into sessions.</summary>
    public int Accepted { get; private set; }

    /// <summary>Rows skipped, by reason.</summary>
    public IReadOnlyDictionary<SessionRejectReason, int> Rejected => _rejected;

    /// <summary>For each reason a row was skipped for, where the first such row starts: somewhere to look.</summary>
    public IReadOnlyDictionary<SessionRejectReason, SessionRowLocation> FirstRejected => _firstRejected;

    /// <summary>Total rows skipped.</summary>
    public int RejectedTotal => RowsRead - Accepted;

    internal void CountAccepted()
    {
        RowsRead++;
        Accepted++;
    }

    internal void CountRejected(SessionRejectReason reason, SessionRowLocation at)
    {
        RowsRead++;
        _rejected[reason] = _rejected.GetValueOrDefault(reason) + 1;
        _firstRejected.TryAdd(reason, at);
    }

    /// <summary>Adds another report's counts to this one (where both met a reason, this report's first row stays first).</summary>
    public void Add(SessionImportReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        RowsRead += other.RowsRead;
        Accepted += other.Accepted;
        foreach (var (reason, count) in other._rejected)
        {
            _rejected[reason] = _rejected.GetValueOrDefault(reason) + count;
        }

        foreach (var (reason, at) in other._firstRejected)
        {
            _firstRejected.TryAdd(reason, at);
        }
    }

    /// <summary>One line: rows read, kept, and skipped by reason.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append($"{RowsRead} rows read, {Accepted} sessions kept, {RejectedTotal} skipped");
        if (_rejected.Count > 0)
        {
            text.Append(" (");
            text.AppendJoin(", ", _rejected.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}: {kv.Value}"));
            text.Append(')');
        }

        return text.ToString();
    }
}
