using Consortium.Node.Federation.Coordinator;

namespace Consortium.Node.Cli;

/// <summary>The coordinator's options of differential privacy on the secure sum (distributed DP), named as a member's own DP options.</summary>
internal static class SumPrivacyOptionGroup
{
    /// <summary><c>--dp-epsilon E</c> asks the members for noise shares; <c>--dp-delta</c>, <c>--dp-rounds</c> and <c>--dp-min-members</c> go with it.</summary>
    internal static OptionGroup<SumPrivacy?> Create()
    {
        var epsilon = CliOption.OptionalNumber("--dp-epsilon", "with --secure-aggregation: ε of the released sums over --dp-rounds rounds; each member adds a share of the noise [default: no DP]", 1e-3, 1e3, "E");
        var delta = CliOption.Number("--dp-delta", "δ of DP on the secure sum (with --dp-epsilon)", 1e-5, 1e-12, 0.1, "D");
        var rounds = CliOption.Int("--dp-rounds", "rounds the ε is spread over (with --dp-epsilon)", 10, 1, 100_000, "K");
        var minimum = CliOption.OptionalInt("--dp-min-members", "m_min, the fewest inputs a released sum may hold; each member adds 1/m_min of the noise's variance (with --dp-epsilon) [default: members asked - 1]", 1, 100_000, "M");
        return new OptionGroup<SumPrivacy?>([epsilon, delta, rounds, minimum], result =>
        {
            if (result.GetValue(epsilon) is { } e)
            {
                return new SumPrivacy(e, result.GetValue(delta), result.GetValue(rounds), result.GetValue(minimum));
            }

            return new System.CommandLine.Option[] { delta, rounds, minimum }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } alone
                ? throw new UsageException($"option {alone.Name} needs --dp-epsilon")
                : null;
        });
    }
}
