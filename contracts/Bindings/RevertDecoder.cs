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
        typeof(MemberRegistryInvalidFoundersError),
        typeof(MemberRegistryInvalidThresholdError),
        typeof(MemberRegistryZeroAddressError),
        typeof(MemberRegistryEmptyNameError),
        typeof(MemberRegistryInvalidRoleError),
        typeof(MemberRegistryAlreadyMemberError),
        typeof(MemberRegistryNotMemberError),
        typeof(MemberRegistryApplicationPendingError),
        typeof(MemberRegistryUnknownProposalError),
        typeof(MemberRegistryProposalNotPendingError),
        typeof(MemberRegistryAlreadyVotedError),
        typeof(MemberRegistryNotApplicantError),
        typeof(MemberRegistryCoordinatorCannotLeaveError),
        typeof(MemberRegistryNotLeavingError),
        typeof(MemberRegistryNoticePeriodRunningError),
        typeof(MemberRegistryZeroAmountError),
        typeof(MemberRegistryAlreadyCoordinatorError),
        typeof(MemberRegistryNotLedgerError),
        typeof(MemberRegistryInvalidContactError),
        typeof(MemberRegistryStakeTooLowError),
        typeof(MemberRegistryFingerprintTakenError),
        typeof(MemberRegistryRewardPoolUnchangedError),
        typeof(MemberRegistryIneligibleVoterError),
        typeof(MemberRegistryVotingClosedError),
        typeof(MemberRegistryAlreadyGridPartyError),
        typeof(MemberRegistryNotGridPartyError),
        typeof(MemberRegistryGridPartyIsMemberError),
        typeof(CoordinatedLedgerZeroRegistryError),
        typeof(CoordinatedLedgerNotCoordinatorError),
        typeof(CoordinatedLedgerZeroHashError),
        typeof(CoordinatedLedgerDeadlineNotInFutureError),
        typeof(CoordinatedLedgerInvalidDeadlinesError),
        typeof(CoordinatedLedgerUnknownEntryError),
        typeof(CoordinatedLedgerEntryClosedError),
        typeof(RoundLedgerUnknownTaskError),
        typeof(RoundLedgerNotMemberError),
        typeof(RoundLedgerNotContributorError),
        typeof(RoundLedgerStakeBelowMinimumError),
        typeof(RoundLedgerNotFinalizedError),
        typeof(RoundLedgerDeadlinePassedError),
        typeof(RoundLedgerFinalizeDeadlinePassedError),
        typeof(RoundLedgerFinalizeDeadlineNotPassedError),
        typeof(RoundLedgerAlreadyCommittedError),
        typeof(RoundLedgerNotCommittedError),
        typeof(RoundLedgerAlreadyClaimedError),
        typeof(RoundLedgerInvalidProofError),
        typeof(RoundLedgerPoolExceededError),
        typeof(RoundLedgerLengthMismatchError),
        typeof(RoundLedgerExclusionsNotSortedError),
        typeof(RoundLedgerInvalidExclusionError),
        typeof(RoundLedgerExclusionsMismatchError),
        typeof(RoundLedgerExclusionsAlreadyEnforcedError),
        typeof(RoundLedgerInvalidSlashRatesError),
        typeof(RoundLedgerInvalidChallengeWindowError),
        typeof(RoundLedgerRewardPoolAboveCapError),
        typeof(RoundLedgerNotExcludedAsMaliciousError),
        typeof(RoundLedgerEvidenceMismatchError),
        typeof(RoundLedgerMissingReasonCodeError),
        typeof(RoundLedgerInvalidStatementError),
        typeof(RoundLedgerAlreadyAccusedError),
        typeof(RoundLedgerAccusationTooLateError),
        typeof(RoundLedgerNoAccusationError),
        typeof(RoundLedgerAlreadyDisputedError),
        typeof(RoundLedgerAccusationSettledError),
        typeof(RoundLedgerChallengeWindowClosedError),
        typeof(RoundLedgerChallengeWindowOpenError),
        typeof(RoundLedgerDisputeVoteOpenError),
        typeof(DispatchLedgerNotOperatorError),
        typeof(DispatchLedgerNotBatteryRoundError),
        typeof(DispatchLedgerRoundNotFinalizedError),
        typeof(DispatchLedgerStaleWearRoundError),
        typeof(DispatchLedgerInvalidWearPricesError),
        typeof(DispatchLedgerUnorderedChemistryError),
        typeof(DispatchLedgerAllocationDeadlinePassedError),
        typeof(DispatchLedgerDeliveryDeadlinePassedError),
        typeof(DispatchLedgerAlreadyCommittedError),
        typeof(DispatchLedgerDeclinedError),
        typeof(DispatchLedgerNoDeclineReasonError),
        typeof(DispatchLedgerNotCommittedError),
        typeof(DispatchLedgerAlreadyReportedError),
        typeof(DispatchLedgerLengthMismatchError),
        typeof(DispatchLedgerNotSortedError),
        typeof(DispatchLedgerWrongGridSignatureError),
        typeof(DispatchLedgerNotGridPartyError),
        typeof(DispatchLedgerInvalidTermsError),
        typeof(DispatchLedgerRequestAlreadyOpenedError),
        typeof(DispatchLedgerRewardAboveTermsError),
        typeof(DispatchLedgerPenaltyAboveTermsError),
        typeof(EcdsaInvalidSignatureError),
        typeof(EcdsaInvalidSignatureLengthError),
        typeof(EcdsaInvalidSignatureSError),
        typeof(StringTooLongError),
        typeof(InvalidShortStringError),
        typeof(RewardTokenNotMinterError),
        typeof(RewardTokenZeroMinterError),
        typeof(SafeCastOverflowedUintDowncastError),
        typeof(SafeCastOverflowedIntDowncastError),
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
