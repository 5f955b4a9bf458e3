using System.Globalization;
using System.Security.Cryptography;

namespace Consortium.Fl.Privacy;

/// <summary>
/// Client-side differential privacy for a member's update, as in DP-FedAvg (McMahan, Ramage, Talwar
/// and Zhang, "Learning Differentially Private Recurrent Language Models", ICLR 2018; Geyer, Klein and
/// Nabi, "Differentially Private Federated Learning: A Client Level Perspective", 2017), with the noise
/// added by the member itself: the change Δ = update − global is clipped to L2 norm C, then every
/// coordinate gets independent Gaussian noise N(0, σ²C²). The member's release is then the Gaussian
/// mechanism with sensitivity C and noise multiplier σ, which <see cref="PrivacyBudget"/> accounts.
/// </summary>
/// <remarks>
/// <para>
/// Whoever knows the noise seed can regenerate the noise and subtract it: the seed must stay on the
/// member's node. The overloads without a seed draw it from the operating system's cryptographic
/// generator; a fixed seed is for reproducing experiments. The noise itself comes from a 64-bit
/// SplitMix64 state and double-precision Box–Muller, which is reproducible but is not a
/// cryptographically secure or floating-point-hardened sampler (Mironov, CCS 2012).
/// </para>
/// <para>
/// The guarantee is per member and per round for the add-or-remove-one-member relation (the update is
/// either this member's clipped change or nothing); under the replace-one relation the sensitivity is
/// 2C, which halves the effective noise multiplier.
/// </para>
/// </remarks>
public static class UpdatePrivatizer
{
    /// <summary>Returns the privatized update as a new vector, with noise from a freshly drawn secret seed.</summary>
    public static float[] Privatize(ReadOnlySpan<float> global, ReadOnlySpan<float> update, ClientPrivacyOptions options, out PrivatizedUpdate report) =>
        Privatize(global, update, options, SecretSeed(), out report);

    /// <summary>Returns the privatized update as a new vector, with noise from <paramref name="seed"/>.</summary>
    public static float[] Privatize(ReadOnlySpan<float> global, ReadOnlySpan<float> update, ClientPrivacyOptions options, ulong seed, out PrivatizedUpdate report)
    {
        var privatized = new float[update.Length];
        report = Privatize(global, update, privatized, options, seed);
        return privatized;
    }

    /// <summary>
    /// Writes global + clip(update − global) + noise into <paramref name="destination"/> (which may be
    /// the update's own storage) and reports the norm, clip factor and noise scale.
    /// </summary>
    /// <param name="global">The global model the member started from.</param>
    /// <param name="update">The member's locally trained parameters, same length.</param>
    /// <param name="destination">Where the privatized parameters go, same length.</param>
    /// <param name="options">Clip norm C and noise multiplier σ.</param>
    /// <param name="seed">Seed of the noise; keep it secret.</param>
    /// <exception cref="ArgumentException">The lengths differ or a value is not finite.</exception>
    public static PrivatizedUpdate Privatize(ReadOnlySpan<float> global, ReadOnlySpan<float> update, Span<float> destination, ClientPrivacyOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (update.Length != global.Length || destination.Length != global.Length)
        {
            throw new ArgumentException(
                $"The global model has {global.Length} parameters, the update {update.Length} and the destination {destination.Length}.", nameof(update));
        }

        double squaredNorm = 0;
        for (var i = 0; i < global.Length; i++)
        {
            double change = update[i] - global[i];
            if (!double.IsFinite(change))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Parameter {i} is not finite (global {global[i]}, update {update[i]})."), nameof(update));
            }

            squaredNorm += change * change;
        }

        var norm = Math.Sqrt(squaredNorm);
        var factor = norm > options.ClipNorm ? options.ClipNorm / norm : 1.0;
        var deviation = options.NoiseStandardDeviation;
        var noise = new GaussianNoise(seed);
        for (var i = 0; i < global.Length; i++)
        {
            double change = update[i] - global[i];
            var noisy = change * factor + (deviation > 0 ? deviation * noise.Next() : 0);
            destination[i] = (float)(global[i] + noisy);
        }

        return new PrivatizedUpdate(norm, factor, deviation);
    }

    private static ulong SecretSeed()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
