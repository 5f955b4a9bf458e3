namespace Consortium.Node.Store;

/// <summary>One site's hourly load, kW as little-endian float32 bytes.</summary>
public sealed class SiteLoadDocument
{
    public string Id { get; set; } = string.Empty;

    public DateTime FirstHour { get; set; }

    public byte[] Kw { get; set; } = [];
}
