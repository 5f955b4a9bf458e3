using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace Consortium.Contracts.Bindings;

/// <summary>
/// Turns revert data returned by eth_call / eth_estimateGas into a <see cref="LedgerRevertedException"/>
/// naming the Solidity custom error and its arguments, using the [Error] DTOs of every contract.
/// </summary>
internal static class RevertDecoder
{
    private const string ErrorStringSelector = "0x08c379a0";
    private const string PanicSelector = "0x4e487b71";

    internal static readonly IReadOnlyList<Type> ErrorTypes =
    [
        typeof(RegistryInvalidFoundersError),
        typeof(RegistryInvalidThresholdError),
        typeof(RegistryZeroAddressError),
        typeof(RegistryEmptyNameError),
        typeof(RegistryInvalidRoleError),
        typeof(RegistryAlreadyMemberError),
        typeof(RegistryNotMemberError),
        typeof(RegistryApplicationPendingError),
        typeof(RegistryUnknownProposalError),
        typeof(RegistryProposalNotPendingError),
        typeof(RegistryAlreadyVotedError),
        typeof(RegistryNotApplicantError),
        typeof(RegistryCoordinatorCannotLeaveError),
        typeof(RegistryNotLeavingError),
        typeof(RegistryNoticePeriodRunningError),
        typeof(RegistryZeroAmountError),
        typeof(RegistryAlreadyCoordinatorError),
        typeof(RegistryNotLedgerError),
        typeof(RegistryNotDeployerError),
        typeof(RegistryLedgersAlreadyBoundError),
        typeof(RoundsNotCoordinatorError),
        typeof(RoundsNotMemberError),
        typeof(RoundsNotContributorError),
        typeof(RoundsStakeBelowMinimumError),
        typeof(RoundsUnknownRoundError),
        typeof(RoundsRoundClosedError),
        typeof(RoundsNotFinalizedError),
        typeof(RoundsDeadlinePassedError),
        typeof(RoundsDeadlineNotInFutureError),
        typeof(RoundsInvalidDeadlinesError),
        typeof(RoundsFinalizeDeadlinePassedError),
        typeof(RoundsFinalizeDeadlineNotPassedError),
        typeof(RoundsZeroHashError),
        typeof(RoundsAlreadyCommittedError),
        typeof(RoundsNotCommittedError),
        typeof(RoundsAlreadyClaimedError),
        typeof(RoundsInvalidProofError),
        typeof(RoundsPoolExceededError),
        typeof(RoundsPoolTooLargeError),
        typeof(RoundsScoreOutOfRangeError),
        typeof(RoundsLengthMismatchError),
        typeof(RoundsExclusionsNotSortedError),
        typeof(RoundsInvalidExclusionError),
        typeof(RoundsExclusionsMismatchError),
        typeof(RoundsExclusionsAlreadyEnforcedError),
        typeof(RoundsInvalidSlashRatesError),
        typeof(RoundsZeroAddressError),
        typeof(DispatchNotCoordinatorError),
        typeof(DispatchNotOperatorError),
        typeof(DispatchUnknownEventError),
        typeof(DispatchEventClosedError),
        typeof(DispatchZeroHashError),
        typeof(DispatchDeadlineNotInFutureError),
        typeof(DispatchInvalidDeadlinesError),
        typeof(DispatchAllocationDeadlinePassedError),
        typeof(DispatchDeliveryDeadlinePassedError),
        typeof(DispatchAlreadyCommittedError),
        typeof(DispatchNotCommittedError),
        typeof(DispatchAlreadyReportedError),
        typeof(DispatchLengthMismatchError),
        typeof(DispatchNotSortedError),
        typeof(DispatchAmountOutOfRangeError),
        typeof(DispatchZeroAddressError),
        typeof(RewardNotMinterError),
        typeof(RewardZeroMinterError),
        typeof(Erc20InsufficientBalanceError),
        typeof(Erc20InvalidReceiverError),
        typeof(Erc20InvalidSenderError),
        typeof(Erc20InsufficientAllowanceError),
        typeof(Erc20InvalidApproverError),
        typeof(Erc20InvalidSpenderError),
    ];

    private static readonly IReadOnlyList<ErrorABI> ErrorAbis = ErrorTypes.Select(ABITypedRegistry.GetError).ToArray();

    private static readonly ErrorABI ErrorStringAbi = new("Error")
    {
        InputParameters = [new Parameter("string", "message", 1)],
    };

    private static readonly ErrorABI PanicAbi = new("Panic")
    {
        InputParameters = [new Parameter("uint256", "code", 1)],
    };

    /// <summary>Decodes <paramref name="encodedData"/> (hex, with or without 0x) into a revert exception.</summary>
    public static LedgerRevertedException Decode(string? encodedData, Exception? innerException)
    {
        var data = string.IsNullOrEmpty(encodedData) ? "0x" : encodedData.EnsureHexPrefix().ToLowerInvariant();
        if (data.Length < 10)
        {
            return new LedgerRevertedException("Reverted", [], data, innerException);
        }

        var errorAbi = data.StartsWith(ErrorStringSelector, StringComparison.Ordinal) ? ErrorStringAbi
            : data.StartsWith(PanicSelector, StringComparison.Ordinal) ? PanicAbi
            : ErrorAbis.FirstOrDefault(abi => abi.IsExceptionEncodedDataForError(data));
        if (errorAbi is null)
        {
            return new LedgerRevertedException($"UnknownError_{data[2..10]}", [], data, innerException);
        }

        var arguments = errorAbi.DecodeErrorDataToDefault(data)
            .Select(output => new LedgerErrorArgument(output.Parameter.Name, output.Parameter.Type, Normalize(output.Parameter.Type, output.Result)))
            .ToArray();
        return new LedgerRevertedException(errorAbi.Name, arguments, data, innerException);
    }

    private static object? Normalize(string solidityType, object? value) => (solidityType, value) switch
    {
        ("address", string text) => ChainAddress.Parse(text),
        ("bytes32", byte[] bytes) when bytes.Length == Hash32.Length => new Hash32(bytes),
        (_, BigInteger number) => number,
        (_, ulong number) => new BigInteger(number),
        (_, long number) => new BigInteger(number),
        (_, uint number) => new BigInteger(number),
        (_, int number) => new BigInteger(number),
        (_, byte number) => new BigInteger(number),
        _ => value,
    };
}
