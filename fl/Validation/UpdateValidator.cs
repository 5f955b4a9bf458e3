using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Validation;

/// <summary>
/// Checks members' updates before aggregation, so that a bad one is left out with a stated reason and
/// the round goes on: the model must decode, have the global model's architecture, 32-bit parameters and
/// parameter count, hold only finite values, claim training samples, and (when a bound is configured)
/// stay within that L2 distance of the global model.
/// </summary>
public sealed class UpdateValidator
{
    /// <summary>Creates a validator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bound is not positive and finite.</exception>
    public UpdateValidator(UpdateValidationOptions? options = null)
    {
        Options = options ?? UpdateValidationOptions.Default;
        Options.Validate();
    }

    /// <summary>What is accepted.</summary>
    public UpdateValidationOptions Options { get; }

    /// <summary>Checks a decoded parameter vector against the global model's; null when it is acceptable.</summary>
    public UpdateRejection? Check(string memberId, ReadOnlySpan<float> global, ReadOnlySpan<float> parameters, long sampleCount)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        if (sampleCount <= 0)
        {
            return new UpdateRejection(memberId, UpdateRejectionReason.NoSamples, $"the update claims {sampleCount} training samples");
        }

        if (parameters.Length != global.Length)
        {
            return new UpdateRejection(memberId, UpdateRejectionReason.ShapeMismatch, $"{parameters.Length} parameters, the global model has {global.Length}");
        }

        var bad = ParameterAggregation.IndexOfNonFinite(parameters);
        if (bad >= 0)
        {
            return new UpdateRejection(memberId, UpdateRejectionReason.NonFinite, $"parameter {bad} is {parameters[bad].ToString(CultureInfo.InvariantCulture)}");
        }

        if (Options.NormBound is { } bound)
        {
            var distance = ParameterAggregation.L2Distance(parameters, global);
            if (distance > bound)
            {
                return new UpdateRejection(
                    memberId,
                    UpdateRejectionReason.NormAboveBound,
                    string.Create(CultureInfo.InvariantCulture, $"‖update − global‖ = {distance:G6}, above the bound {bound:G6}"));
            }
        }

        return null;
    }

    /// <summary>Checks one member's update against the global model; null when it is acceptable.</summary>
    public UpdateRejection? Check(MemberUpdate update, ReadOnlySpan<float> global)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Check(update.MemberId, global, update.Parameters, update.SampleCount);
    }

    /// <summary>
    /// Decodes and checks model bytes as a member sent them. A NaN or infinity and 64-bit or 16-bit
    /// parameters are told apart from other format errors, which come back as
    /// <see cref="UpdateRejectionReason.Malformed"/> with the decoder's message.
    /// </summary>
    /// <param name="memberId">Who sent the bytes.</param>
    /// <param name="global">The round's global model.</param>
    /// <param name="bytes">The update as received (<see cref="ModelCheckpoint.ToBytes"/> format).</param>
    /// <param name="sampleCount">Training samples the member claims.</param>
    /// <param name="model">The decoded update, when accepted.</param>
    /// <param name="rejection">Why not, when rejected.</param>
    /// <returns>Whether the update is accepted.</returns>
    public bool TryAccept(
        string memberId,
        ModelCheckpoint global,
        ReadOnlySpan<byte> bytes,
        long sampleCount,
        [NotNullWhen(true)] out ModelCheckpoint? model,
        [NotNullWhen(false)] out UpdateRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(global);
        model = null;
        rejection = Screen(memberId, global, bytes);
        if (rejection is not null)
        {
            return false;
        }

        ModelCheckpoint decoded;
        try
        {
            decoded = ModelCheckpoint.FromBytes(bytes);
        }
        catch (ModelFormatException error)
        {
            rejection = new UpdateRejection(memberId, UpdateRejectionReason.Malformed, error.Message);
            return false;
        }

        if (decoded.Architecture != global.Architecture)
        {
            rejection = new UpdateRejection(memberId, UpdateRejectionReason.ArchitectureMismatch, $"the update is a {decoded.Architecture}, the global model a {global.Architecture}");
            return false;
        }

        rejection = Check(memberId, global.Parameters, decoded.Parameters, sampleCount);
        if (rejection is not null)
        {
            return false;
        }

        model = decoded;
        return true;
    }

    /// <summary>
    /// Splits a round's updates into those accepted and those rejected, in their order; a member's
    /// second update is rejected as a duplicate.
    /// </summary>
    public (IReadOnlyList<MemberUpdate> Accepted, IReadOnlyList<UpdateRejection> Rejected) Screen(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var accepted = new List<MemberUpdate>(updates.Count);
        var rejected = new List<UpdateRejection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var update in updates)
        {
            ArgumentNullException.ThrowIfNull(update, nameof(updates));
            var rejection = seen.Add(update.MemberId)
                ? Check(update, global)
                : new UpdateRejection(update.MemberId, UpdateRejectionReason.DuplicateMember, "a second update in the same round");
            if (rejection is null)
            {
                accepted.Add(update);
            }
            else
            {
                rejected.Add(rejection);
            }
        }

        return (accepted, rejected);
    }

    /// <summary>
    /// The problems visible from the payload's size and values before decoding: parameters of another
    /// width than 4 bytes, and non-finite values (which the decoder reports only as a format error).
    /// Parameters are the last 4·n bytes of the format.
    /// </summary>
    private static UpdateRejection? Screen(string memberId, ModelCheckpoint global, ReadOnlySpan<byte> bytes)
    {
        var n = global.Parameters.Length;
        var expected = ModelCheckpoint.HeaderSize + (4L * n);
        if (bytes.Length == expected)
        {
            var values = bytes[ModelCheckpoint.HeaderSize..];
            for (var i = 0; i < n; i++)
            {
                var value = BinaryPrimitives.ReadSingleLittleEndian(values[(4 * i)..]);
                if (!float.IsFinite(value))
                {
                    return new UpdateRejection(memberId, UpdateRejectionReason.NonFinite, $"parameter {i} is {value.ToString(CultureInfo.InvariantCulture)}");
                }
            }

            return null;
        }

        foreach (var width in (ReadOnlySpan<int>)[8, 2])
        {
            if (bytes.Length == ModelCheckpoint.HeaderSize + ((long)width * n))
            {
                return new UpdateRejection(
                    memberId,
                    UpdateRejectionReason.DataTypeMismatch,
                    $"{bytes.Length - ModelCheckpoint.HeaderSize} parameter bytes for {n} parameters: {width}-byte values, the consortium exchanges 32-bit floats");
            }
        }

        return null;
    }
}
