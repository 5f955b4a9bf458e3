using System.Numerics;
using Consortium.Network.Dispatch;

namespace Consortium.Node.DispatchEvents.Runner;

/// <summary>One operator's part in a dispatch event it took part in, every hash read back from the chain.</summary>
/// <param name="Name">The operator's name.</param>
/// <param name="Address">Its chain address.</param>
/// <param name="AllocatedKw">Its allocated aggregate (what its setpoints add up to), kW per step.</param>
/// <param name="Realization">Its own replay of the allocation (operator-reported).</param>
/// <param name="Commitment">Its allocation hash as committed on chain, and the transaction.</param>
/// <param name="Delivery">Its metered delivery, the hash as reported on chain, and the transaction.</param>
/// <param name="Settlement">What the settlement rule gives it for the allocation and the metering.</param>
/// <param name="SettledWei">The amount the ledger settled for it (equal to <see cref="OperatorSettlement.AmountWei"/>).</param>
public sealed record ParticipantOutcome(
    string Name,
    ChainAddress Address,
    double[] AllocatedKw,
    FleetRealization Realization,
    AllocationCommitment Commitment,
    MeteredDelivery Delivery,
    OperatorSettlement Settlement,
    BigInteger SettledWei);
