namespace Consortium.Node.Home;

/// <summary>
/// What a node is and where it serves, as its home folder's <c>node.json</c> holds it (section <c>Node</c>), overridable
/// by environment variables (<c>CONSORTIUM_Node__Listen</c>, …) and the command line, in that order of precedence.
/// </summary>
/// <param name="Name">The node's name: its name in the member registry.</param>
/// <param name="Role">What it does in the consortium.</param>
/// <param name="Listen">Where it accepts calls.</param>
/// <param name="Advertise">Where peers reach it (its card's endpoint); the listen endpoint unless behind NAT or a proxy.</param>
public sealed record NodeSettings(string Name, NodeRole Role, NodeEndpoint Listen, NodeEndpoint Advertise)
{
    /// <summary>
    /// Where <c>/healthz</c> and <c>/metrics</c> are served over plain HTTP (<c>Node:Operations</c>); unless set,
    /// loopback on the port after the listen port, so a monitoring agent on the host can scrape it and nobody else.
    /// </summary>
    public NodeEndpoint Operations { get; init; } = new("127.0.0.1", Listen.Port is 0 or >= 65535 ? 0 : Listen.Port + 1);

    /// <summary>Where a node listens unless told otherwise: loopback only.</summary>
    public static NodeEndpoint DefaultListen { get; } = new("127.0.0.1", 7700);

    /// <summary>The longest name the registry takes.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Checks the name: 1 to 64 characters of letters, digits, '-', '_' and '.'.</summary>
    /// <exception cref="FormatException">It is not; the message says why.</exception>
    public static string CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new FormatException($"'{name}' is not a node name: 1 to {MaxNameLength} ASCII letters, digits, '-', '_' or '.'");
        }

        return name;
    }
}
