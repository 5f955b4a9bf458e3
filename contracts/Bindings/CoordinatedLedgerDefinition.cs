using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace Consortium.Contracts.Bindings;

// Typed Nethereum bindings of ICoordinatedLedger.sol: the errors RoundLedger and DispatchLedger share (a round or a
// dispatch event is an "entry"); kept in step with the compiled ABIs by ContractBindingTests.

[Error("CoordinatedLedger_ZeroRegistry")]
internal sealed class CoordinatedLedgerZeroRegistryError
{
}

[Error("CoordinatedLedger_NotCoordinator")]
internal sealed class CoordinatedLedgerNotCoordinatorError
{
    [Parameter("address", "caller", 1)]
    public string Caller { get; set; } = string.Empty;
}

[Error("CoordinatedLedger_ZeroHash")]
internal sealed class CoordinatedLedgerZeroHashError
{
}

[Error("CoordinatedLedger_DeadlineNotInFuture")]
internal sealed class CoordinatedLedgerDeadlineNotInFutureError
{
    [Parameter("uint64", "deadline", 1)]
    public ulong Deadline { get; set; }

    [Parameter("uint256", "blockTimestamp", 2)]
    public BigInteger BlockTimestamp { get; set; }
}

[Error("CoordinatedLedger_InvalidDeadlines")]
internal sealed class CoordinatedLedgerInvalidDeadlinesError
{
    [Parameter("uint64", "firstDeadline", 1)]
    public ulong FirstDeadline { get; set; }

    [Parameter("uint64", "secondDeadline", 2)]
    public ulong SecondDeadline { get; set; }
}

[Error("CoordinatedLedger_UnknownEntry")]
internal sealed class CoordinatedLedgerUnknownEntryError
{
    [Parameter("uint256", "id", 1)]
    public BigInteger Id { get; set; }
}

[Error("CoordinatedLedger_EntryClosed")]
internal sealed class CoordinatedLedgerEntryClosedError
{
    [Parameter("uint256", "id", 1)]
    public BigInteger Id { get; set; }
}
