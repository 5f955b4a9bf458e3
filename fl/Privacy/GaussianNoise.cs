using Consortium.Fl.Runtime;

namespace Consortium.Fl.Privacy;

/// <summary>
/// Standard normal draws from a seeded <see cref="SplitMix64"/>, by the Box–Muller transform (Box and
/// Muller, 1958) on 53-bit uniforms: the same seed gives the same sequence on every machine and runtime.
/// </summary>
internal struct GaussianNoise(ulong seed)
{
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    private SplitMix64 _random = new(seed);
    private double _spare;
    private bool _hasSpare;

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        // u in (0, 1] so that log(u) is finite; v in [0, 1).
        var u = ((_random.NextUInt64() >> 11) + 1) * TwoToMinus53;
        var v = (_random.NextUInt64() >> 11) * TwoToMinus53;
        var radius = Math.Sqrt(-2 * Math.Log(u));
        var angle = 2 * Math.PI * v;
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }
}
