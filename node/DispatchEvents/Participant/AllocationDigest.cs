using System.Buffers.Binary;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch.Fleets;

namespace Consortium.Node.DispatchEvents.Participant;

/// <summary>
/// How an operator commits to its vehicle-level allocation without revealing it: Keccak-256 of a 32-byte secret salt,
/// the event id (32-byte big-endian), the request hash, the horizon and vehicle count (4-byte big-endian each) and every
/// setpoint as a big-endian 32-bit float, step by step and vehicle by vehicle within a step. The operator keeps salt and
/// setpoints, so it can later open the commitment to an auditor; without the salt the hash cannot be tested against guesses.
/// </summary>
public static class AllocationDigest
{
    /// <summary>Bytes of the salt.</summary>
    public const int SaltLength = 32;

    /// <summary>The setpoints of a schedule as hashed (big-endian floats, step-major).</summary>
    public static byte[] SetpointBytes(FleetSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var count = schedule.Fleet.Count;
        var bytes = new byte[checked(4 * count * schedule.HorizonSteps)];
        for (var t = 0; t < schedule.HorizonSteps; t++)
        {
            var step = schedule.Step(t);
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 * ((t * count) + i)), step[i]);
            }
        }

        return bytes;
    }

    /// <summary>Writes setpoints encoded by <see cref="SetpointBytes"/> back into <paramref name="schedule"/>.</summary>
    public static void Restore(ReadOnlySpan<byte> setpoints, FleetSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var count = schedule.Fleet.Count;
        if (setpoints.Length != 4L * count * schedule.HorizonSteps)
        {
            throw new InvalidDataException($"The stored setpoints hold {setpoints.Length} bytes; {count} vehicles over {schedule.HorizonSteps} steps need {4L * count * schedule.HorizonSteps}.");
        }

        for (var t = 0; t < schedule.HorizonSteps; t++)
        {
            var step = schedule.Step(t);
            for (var i = 0; i < count; i++)
            {
                step[i] = BinaryPrimitives.ReadSingleBigEndian(setpoints[(4 * ((t * count) + i))..]);
            }
        }
    }

    /// <summary>
    /// Sums setpoints encoded by <see cref="SetpointBytes"/> step by step, vehicle by vehicle as
    /// <see cref="FleetSchedule.Aggregate"/> does: the fleet's aggregate power per step, and the sum of the setpoints'
    /// magnitudes per step (what bounds the rounding of 32-bit setpoints in the aggregate), both in kW.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not <paramref name="vehicles"/> setpoints for each of <paramref name="horizonSteps"/> steps.</exception>
    public static (double[] AggregateKw, double[] MagnitudeKw) SumSteps(ReadOnlySpan<byte> setpoints, int horizonSteps, int vehicles)
    {
        if (horizonSteps < 0 || vehicles < 0 || setpoints.Length != 4L * vehicles * horizonSteps)
        {
            throw new InvalidDataException($"The setpoints hold {setpoints.Length} bytes; {vehicles} vehicles over {horizonSteps} steps need {4L * vehicles * horizonSteps}.");
        }

        var aggregate = new double[horizonSteps];
        var magnitude = new double[horizonSteps];
        for (var t = 0; t < horizonSteps; t++)
        {
            for (var i = 0; i < vehicles; i++)
            {
                var kw = BinaryPrimitives.ReadSingleBigEndian(setpoints[(4 * ((t * vehicles) + i))..]);
                aggregate[t] += kw;
                magnitude[t] += Math.Abs(kw);
            }
        }

        return (aggregate, magnitude);
    }

    /// <summary>
    /// The commitment to one intraday step's setpoints, committed on chain as the step is set: Keccak-256 of the salt, the
    /// event id (32-byte big-endian), the request hash, the step and vehicle count (4-byte big-endian each) and the step's
    /// setpoints as big-endian 32-bit floats. The allocation's salt, so that the stored salt and setpoints open both.
    /// </summary>
    public static Hash32 StepHash(ReadOnlySpan<byte> salt, ulong eventId, Hash32 requestHash, int step, ReadOnlySpan<float> setpoints)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"The salt is {SaltLength} bytes, got {salt.Length}.", nameof(salt));
        }

        var bytes = new byte[SaltLength + 32 + 32 + 8 + (4 * setpoints.Length)];
        salt.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(SaltLength + 24), eventId);
        requestHash.CopyTo(bytes.AsSpan(SaltLength + 32));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(SaltLength + 64), step);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(SaltLength + 68), setpoints.Length);
        for (var i = 0; i < setpoints.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(SaltLength + 72 + (4 * i)), setpoints[i]);
        }

        return Keccak.Hash(bytes);
    }

    /// <summary>One step's setpoints as the store keeps them: big-endian 32-bit floats, one per vehicle.</summary>
    public static byte[] StepBytes(ReadOnlySpan<float> setpoints)
    {
        var bytes = new byte[4 * setpoints.Length];
        for (var i = 0; i < setpoints.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 * i), setpoints[i]);
        }

        return bytes;
    }

    /// <summary>One step's setpoints from <see cref="StepBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not <paramref name="vehicles"/> finite setpoints.</exception>
    public static float[] StepSetpoints(ReadOnlySpan<byte> bytes, int vehicles)
    {
        if (bytes.Length != 4L * vehicles)
        {
            throw new InvalidDataException($"A kept step holds {bytes.Length} bytes; {vehicles} vehicles need {4L * vehicles}.");
        }

        var setpoints = new float[vehicles];
        for (var i = 0; i < vehicles; i++)
        {
            setpoints[i] = BinaryPrimitives.ReadSingleBigEndian(bytes[(4 * i)..]);
            if (!float.IsFinite(setpoints[i]))
            {
                throw new InvalidDataException($"A kept step sets vehicle {i} to {setpoints[i]}.");
            }
        }

        return setpoints;
    }

    /// <summary>
    /// The chain of the first <paramref name="steps"/> step hashes of setpoints encoded by <see cref="SetpointBytes"/>,
    /// as an intraday operator's <c>StepCommitted</c> logs chain them: what an auditor reopens from its store.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not <paramref name="vehicles"/> setpoints for at least <paramref name="steps"/> steps.</exception>
    public static StepCommitments StepChain(ReadOnlySpan<byte> salt, ulong eventId, Hash32 requestHash, ReadOnlySpan<byte> setpoints, int steps, int vehicles)
    {
        if (steps < 0 || vehicles < 0 || setpoints.Length < 4L * vehicles * steps)
        {
            throw new InvalidDataException($"The setpoints hold {setpoints.Length} bytes; {vehicles} vehicles over {steps} steps need {4L * vehicles * steps}.");
        }

        var chain = StepCommitments.None;
        var step = new float[vehicles];
        for (var t = 0; t < steps; t++)
        {
            for (var i = 0; i < vehicles; i++)
            {
                step[i] = BinaryPrimitives.ReadSingleBigEndian(setpoints[(4 * ((t * vehicles) + i))..]);
            }

            chain = chain.Then(StepHash(salt, eventId, requestHash, t, step));
        }

        return chain;
    }

    /// <summary>The commitment to an allocation.</summary>
    public static Hash32 Hash(ReadOnlySpan<byte> salt, ulong eventId, Hash32 requestHash, int horizonSteps, int vehicles, ReadOnlySpan<byte> setpoints)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"The salt is {SaltLength} bytes, got {salt.Length}.", nameof(salt));
        }

        var bytes = new byte[SaltLength + 32 + 32 + 8 + setpoints.Length];
        salt.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(SaltLength + 24), eventId);
        requestHash.CopyTo(bytes.AsSpan(SaltLength + 32));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(SaltLength + 64), horizonSteps);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(SaltLength + 68), vehicles);
        setpoints.CopyTo(bytes.AsSpan(SaltLength + 72));
        return Keccak.Hash(bytes);
    }
}
