namespace Consortium.Dashboard.Audit;

/// <summary>Finds a member's name from an address, so commits and scores read with names rather than bare hex.</summary>
public sealed class MemberDirectory
{
    private readonly Dictionary<string, string> _namesByAddress;

    /// <summary>Indexes the given members by address, ignoring the case of hex digits (checksummed or not).</summary>
    /// <param name="members">The members of one snapshot.</param>
    public MemberDirectory(IEnumerable<MemberView> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _namesByAddress = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            _namesByAddress.TryAdd(member.Address, member.Name);
        }
    }

    /// <summary>A directory that knows no member.</summary>
    public static MemberDirectory Empty { get; } = new([]);

    /// <summary>The member's name, or <see langword="null"/> when the address belongs to no known member.</summary>
    /// <param name="address">A 0x-prefixed hex address.</param>
    public string? NameOf(string address) => _namesByAddress.GetValueOrDefault(address);
}
