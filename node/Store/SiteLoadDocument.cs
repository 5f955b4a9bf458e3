namespace Consortium.Node.Store;

/// <summary>One site's hourly load, kW as little-endian float32 bytes.</summary>
public sealed class SiteLoadDocument
{
    /// <summary>The site's normalized name.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Local start of the first hour of <see cref="Kw"/>.</summary>
    public DateTime FirstHour { get; set; }

    /// <summary>The hourly load, kW, as little-endian float32 values.</summary>
    public byte[] Kw { get; set; } = [];
}
