using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Wear;
using Consortium.Network.Dispatch;
using Consortium.Network.Protos;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Consortium.Node.Tests.Network;

/// <summary>
/// The wear price of each chemistry travels with an event's terms over real gRPC on loopback: what the coordinator's
/// client sends is what the operator's handler is given, and prices that are no prices are refused naming the field.
/// </summary>
public sealed class WearPricesOnTheWireTests
{
    private const int Steps = 96;

    [Fact]
    public async Task EachChemistrysPriceReachesTheOperatorAsSent()
    {
        var handler = new JoinRecorder();
        await using var server = await LoopbackMemberServer.StartAsync(handler);
        using var client = new DispatchParticipantClient(server.Endpoint);
        var book = WearPriceBook.FromPrices(
        [
            KeyValuePair.Create(BatteryChemistry.Lfp, 0.0984),
            KeyValuePair.Create(BatteryChemistry.Ncm, 0.1708),
            KeyValuePair.Create(BatteryChemistry.Nca, 0.3315),
            KeyValuePair.Create(BatteryChemistry.NcmNca, 0.1551),
        ]);

        await client.JoinAsync(new DispatchTerms(1, Keccak.Hash([1]), Steps, 15, 0.05, 1, 10, WearPrices: book), TimeSpan.FromSeconds(10));
        var received = handler.Terms!.WearPrices!;
        foreach (var chemistry in Enum.GetValues<BatteryChemistry>())
        {
            Assert.Equal(book.PriceOf(chemistry), received.PriceOf(chemistry));
            Assert.Equal(book.PriceOf(chemistry), handler.Terms.Costs.WearPriceOf(chemistry));
        }

        // Terms without a book stay one price for every chemistry, as before prices were per chemistry.
        await client.JoinAsync(new DispatchTerms(1, Keccak.Hash([1]), Steps, 15, 0.07, 1, 10), TimeSpan.FromSeconds(10));
        Assert.Null(handler.Terms!.WearPrices);
        Assert.Equal(0.07, handler.Terms.Costs.WearPriceOf(BatteryChemistry.Nca));
    }

    [Fact]
    public async Task AChemistryNotListedIsPricedAtTheSinglePrice()
    {
        var handler = new JoinRecorder();
        await using var server = await LoopbackMemberServer.StartAsync(handler);
        using var channel = GrpcChannel.ForAddress(server.Endpoint);
        var raw = new DispatchParticipant.DispatchParticipantClient(channel);

        await raw.JoinAsync(Join(0.05, ("LFP", 0.1), ("nca", 0.4)));

        var costs = handler.Terms!.Costs;
        Assert.Equal(0.1, costs.WearPriceOf(BatteryChemistry.Lfp));
        Assert.Equal(0.4, costs.WearPriceOf(BatteryChemistry.Nca));
        Assert.Equal(0.05, costs.WearPriceOf(BatteryChemistry.Ncm));
        Assert.Equal(0.05, costs.WearPriceOf(BatteryChemistry.NcmNca));
    }

    [Fact]
    public async Task PricesThatAreNoPricesAreRefusedNamingTheField()
    {
        var handler = new JoinRecorder();
        await using var server = await LoopbackMemberServer.StartAsync(handler);
        using var channel = GrpcChannel.ForAddress(server.Endpoint);
        var raw = new DispatchParticipant.DispatchParticipantClient(channel);

        await Refused("wear_prices[1].chemistry: 'LMO' is not a chemistry", () => raw.JoinAsync(Join(0.05, ("LFP", 0.1), ("LMO", 0.2))).ResponseAsync);
        await Refused("wear_prices[1]: NCM is priced twice", () => raw.JoinAsync(Join(0.05, ("NCM", 0.1), ("ncm", 0.2))).ResponseAsync);
        await Refused("wear_prices[0].price_per_kwh (NCA)", () => raw.JoinAsync(Join(0.05, ("NCA", -0.1))).ResponseAsync);
        await Refused("wear_prices[0].price_per_kwh (LFP)", () => raw.JoinAsync(Join(0.05, ("LFP", double.NaN))).ResponseAsync);
        await Refused("wear_prices[0].price_per_kwh (LFP)", () => raw.JoinAsync(Join(0.05, ("LFP", double.PositiveInfinity))).ResponseAsync);
        await Refused("wear_prices lists 5 prices", () => raw.JoinAsync(Join(0.05, ("LFP", 0.1), ("NCM", 0.1), ("NCA", 0.1), ("NCM+NCA", 0.1), ("LFP", 0.1))).ResponseAsync);
        Assert.Null(handler.Terms);
    }

    private static async Task Refused(string detail, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(detail, error.Status.Detail, StringComparison.Ordinal);
    }

    private static DispatchJoinRequest Join(double wear, params (string Chemistry, double Price)[] prices)
    {
        var join = new DispatchJoinRequest
        {
            EventId = 1,
            RequestHash = ByteString.CopyFrom(Keccak.Hash([1]).ToArray()),
            HorizonSteps = Steps,
            StepMinutes = 15,
            WearCostPerKwh = wear,
            DeviationPenaltyPerKwh = 1,
            ShortfallPenaltyPerKwh = 10,
        };
        join.WearPrices.AddRange(prices.Select(p => new ChemistryWearPrice { Chemistry = p.Chemistry, PricePerKwh = p.Price }));
        return join;
    }

    /// <summary>An operator that keeps the terms it was asked to join with, and does nothing else.</summary>
    private sealed class JoinRecorder : IDispatchParticipantHandler
    {
        public DispatchTerms? Terms { get; private set; }

        public Task<FleetOffer> SurveyAsync(int horizonSteps, double stepMinutes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DispatchParticipation> JoinAsync(DispatchTerms terms, CancellationToken cancellationToken)
        {
            Terms = terms;
            return Task.FromResult(new DispatchParticipation("recorder", ChainAddress.Parse("0x0000000000000000000000000000000000000001")));
        }

        public Task<double[]> ProposeAsync(ulong eventId, int iteration, double[] signalKw, double rho, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task BeginClearingAsync(ulong eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StepOffer> OfferAsync(ulong eventId, int step, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<double> CommitStepAsync(ulong eventId, int step, double powerKw, double extraChargeKw, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FleetRefinement> CheckpointAsync(ulong eventId, bool restore, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FleetRefinement> RefineAsync(ulong eventId, double[] needKw, double segmentKw, double[] slopes, double growth, double[]? pricesKw, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<FleetRealization> ReportAsync(ulong eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AllocationCommitment> CommitAsync(ulong eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<MeteredDelivery> DeliverAsync(ulong eventId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
