using System.CommandLine;
using Consortium.Node.Federation.Member;

namespace Consortium.Node.Cli;

/// <summary>The client-side differential privacy options of an operator's node.</summary>
internal static class PrivacyOptionGroup
{
    /// <summary><c>--dp-epsilon E</c> turns on client-side DP; <c>--dp-delta</c>, <c>--dp-clip</c> and <c>--dp-rounds</c> go with it.</summary>
    internal static OptionGroup<MemberPrivacy?> Create()
    {
        var epsilon = CliOption.OptionalNumber("--dp-epsilon", "ε of client-side differential privacy over the planned rounds [default: no DP]", 1e-3, 1e3, "E");
        var delta = CliOption.Number("--dp-delta", "δ of client-side DP (with --dp-epsilon)", 1e-5, 1e-12, 0.1, "D");
        var clip = CliOption.Number("--dp-clip", "L2 norm each update's change is clipped to (with --dp-epsilon)", 1.0, 1e-6, 1e6, "C");
        var rounds = CliOption.Int("--dp-rounds", "rounds the ε is spread over (with --dp-epsilon)", 10, 1, 100_000, "K");
        return new OptionGroup<MemberPrivacy?>([epsilon, delta, clip, rounds], result =>
        {
            if (result.GetValue(epsilon) is { } e)
            {
                return new MemberPrivacy(e, result.GetValue(delta), result.GetValue(clip), result.GetValue(rounds));
            }

            return new Option[] { delta, clip, rounds }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } alone
                ? throw new UsageException($"option {alone.Name} needs --dp-epsilon")
                : null;
        });
    }
}
