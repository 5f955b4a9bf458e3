using System.Numerics;
using Consortium.Dashboard.Audit;

namespace Consortium.Dashboard.Tests;

/// <summary>A small consortium of three operators and three rounds, one of which disagrees with the node's artifacts.</summary>
internal static class SampleAudit
{
    public const string RpcUrl = "http://127.0.0.1:8545";
    public const string RegistryAddress = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    public const string RoundsAddress = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    public const string TokenAddress = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";

    public const string DundeeAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    public const string PerthAddress = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    public const string FifeAddress = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    public const string GenesisModelHash = "0x1111aaaa2222bbbb3333cccc4444dddd5555eeee6666ffff7777000088889999";
    public const string RoundOneModelHash = "0xa1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    public const string RoundTwoModelHash = "0x0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    public const string RoundOneFinalizeTx = "0x7c1d9a0b3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
    public const string RoundTwoFinalizeTx = "0x9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";

    public static readonly BigInteger OneToken = BigInteger.Pow(10, 18);

    public static AuditSnapshot Snapshot() => new(
        new ChainInfo(RpcUrl, 31337, RegistryAddress, RoundsAddress, TokenAddress, 4242),
        [
            new MemberView("Dundee City Council", DundeeAddress, OneToken * 3 / 2, true),
            new MemberView("Perth & Kinross Council", PerthAddress, BigInteger.Parse("12345678000000000000"), true),
            new MemberView("Fife Council", FifeAddress, BigInteger.Zero, false),
        ],
        [RoundOne(), RoundTwo(), RoundThree()],
        new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero));

    public static RoundView RoundOne() => new()
    {
        RoundId = 1,
        OpenedModelHash = GenesisModelHash,
        FinalizedModelHash = RoundOneModelHash,
        Status = RoundStatus.Finalized,
        Commits =
        [
            new CommitView(DundeeAddress, "0x" + new string('d', 64), "0x" + new string('1', 64), 101),
            new CommitView(PerthAddress, "0x" + new string('e', 64), "0x" + new string('2', 64), 102),
        ],
        Scores =
        [
            new ScoreView(DundeeAddress, 0.6, OneToken * 6 / 10),
            new ScoreView(PerthAddress, 0.4, OneToken * 4 / 10),
        ],
        FinalizeTxHash = RoundOneFinalizeTx,
        GasUsed = 187_532,
        FederatedRmse = 4.125,
        SeasonalNaiveRmse = 5.5,
        ArtifactsMatch = true,
    };

    public static RoundView RoundTwo() => RoundOne() with
    {
        RoundId = 2,
        OpenedModelHash = RoundOneModelHash,
        FinalizedModelHash = RoundTwoModelHash,
        FinalizeTxHash = RoundTwoFinalizeTx,
        GasUsed = 190_004,
        FederatedRmse = 3.75,
        SeasonalNaiveRmse = 5.25,
        ArtifactsMatch = false,
    };

    /// <summary>A finalized battery-health round: its task shown, no forecast error.</summary>
    public static RoundView BatteryRound() => RoundTwo() with
    {
        RoundId = 4,
        Task = "battery health",
        FederatedRmse = null,
        SeasonalNaiveRmse = null,
        ArtifactsMatch = true,
    };

    public static RoundView RoundThree() => new()
    {
        RoundId = 3,
        OpenedModelHash = RoundTwoModelHash,
        Status = RoundStatus.Open,
        Commits = [new CommitView(FifeAddress, "0x" + new string('f', 64), "0x" + new string('3', 64), 150)],
    };
}
