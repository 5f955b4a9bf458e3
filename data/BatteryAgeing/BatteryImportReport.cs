using System.Text;

namespace Consortium.Data.BatteryAgeing;

/// <summary>Counts of what a cycle import read, kept and skipped, by reason.</summary>
public sealed class BatteryImportReport
{
    private readonly Dictionary<BatteryRejectReason, int> _rejected = [];
    private readonly Dictionary<BatteryRejectReason, BatteryRowLocation> _firstRejected = [];

    /// <summary>Data rows read (header lines excluded).</summary>
    public int RowsRead { get; private set; }

    /// <summary>Rows kept as cycles.</summary>
    public int Accepted { get; private set; }

    /// <summary>Rows skipped, by reason.</summary>
    public IReadOnlyDictionary<BatteryRejectReason, int> Rejected => _rejected;

    /// <summary>For each reason a row was skipped for, where the first such row starts.</summary>
    public IReadOnlyDictionary<BatteryRejectReason, BatteryRowLocation> FirstRejected => _firstRejected;

    /// <summary>Total rows skipped.</summary>
    public int RejectedTotal => RowsRead - Accepted;

    internal void CountAccepted()
    {
        RowsRead++;
        Accepted++;
    }

    internal void CountRejected(BatteryRejectReason reason, BatteryRowLocation at)
    {
        RowsRead++;
        _rejected[reason] = _rejected.GetValueOrDefault(reason) + 1;
        _firstRejected.TryAdd(reason, at);
    }

    /// <summary>One line: rows read, kept, and skipped by reason with the first such row.</summary>
    public override string ToString()
    {
        var text = new StringBuilder($"{RowsRead} rows read, {Accepted} cycles kept, {RejectedTotal} skipped");
        if (_rejected.Count > 0)
        {
            text.Append(" (");
            text.AppendJoin(", ", _rejected.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}: {kv.Value}, first at {_firstRejected[kv.Key]}"));
            text.Append(')');
        }

        return text.ToString();
    }
}
