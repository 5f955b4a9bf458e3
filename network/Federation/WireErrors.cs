using Consortium.Network.Protos;

namespace Consortium.Network.Federation;

/// <summary>Maps error sums to and from their wire form.</summary>
internal static class WireErrors
{
    public static ModelErrors ToWire(ErrorSums sums) => new()
    {
        Label = sums.Label,
        SumSquaredError = sums.SumSquaredError,
        SumAbsoluteError = sums.SumAbsoluteError,
        SumActual = sums.SumActual,
        Count = (ulong)sums.Count,
    };

    public static ErrorSums FromWire(ModelErrors wire, string member)
    {
        if (!double.IsFinite(wire.SumSquaredError) || !double.IsFinite(wire.SumAbsoluteError) || !double.IsFinite(wire.SumActual)
            || wire.SumSquaredError < 0 || wire.SumAbsoluteError < 0)
        {
            throw new InvalidDataException($"Member {member} returned non-finite or negative error sums for '{wire.Label}'.");
        }

        return new ErrorSums(wire.Label, wire.SumSquaredError, wire.SumAbsoluteError, wire.SumActual, checked((long)wire.Count));
    }
}
