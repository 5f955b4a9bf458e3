using System.Buffers.Binary;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// The intraday steps one operator committed in a dispatch event, and the chain of their hashes: what its
/// <c>StepCommitted</c> logs add up to when they come in order (<see cref="Of"/>).
/// </summary>
/// <param name="Steps">Steps committed: the next step to commit.</param>
/// <param name="Chain">The chained hash of the committed steps' hashes; zero before the first.</param>
public sealed record StepCommitments(int Steps, Hash32 Chain)
{
    /// <summary>No step committed.</summary>
    public static StepCommitments None { get; } = new(0, default);

    /// <summary>
    /// The commitments of one operator's <paramref name="logs"/> in chain order: each the next step, from 0.
    /// </summary>
    /// <exception cref="InvalidDataException">A log of another operator or event, or one that is not the next step, named with its transaction.</exception>
    public static StepCommitments Of(IReadOnlyList<StepCommittedEvent> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var commitments = None;
        foreach (var log in logs)
        {
            if (log.EventId != logs[0].EventId || log.Operator != logs[0].Operator)
            {
                throw new InvalidDataException($"The step logs mix event {log.EventId} of {log.Operator} with event {logs[0].EventId} of {logs[0].Operator}.");
            }

            if (log.Step != commitments.Steps)
            {
                throw new InvalidDataException($"{log.Operator} committed step {log.Step} of event {log.EventId} in {log.TxHash} where step {commitments.Steps} was next.");
            }

            commitments = commitments.Then(log.StepHash);
        }

        return commitments;
    }

    /// <summary>
    /// The chain after committing <paramref name="stepHash"/> for <paramref name="step"/>:
    /// keccak256(abi.encode(chain, uint32 step, stepHash)), from zero.
    /// </summary>
    public static Hash32 Next(Hash32 chain, int step, Hash32 stepHash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var bytes = new byte[96];
        chain.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(60), checked((uint)step));
        stepHash.CopyTo(bytes.AsSpan(64));
        return Keccak.Hash(bytes);
    }

    /// <summary>The commitments after one more step.</summary>
    public StepCommitments Then(Hash32 stepHash) => new(Steps + 1, Next(Chain, Steps, stepHash));
}
