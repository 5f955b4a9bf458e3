using System.Numerics;
using System.Text;
using Consortium.Contracts;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Tests.Federation.Ledger;

/// <summary>
/// The consortium's contracts held in memory, for tests of the node that need no anvil: the registry's founders and their
/// stakes, the token's balances and the round ledger's rounds. Every transaction is mined in a block of its own at the
/// chain's clock. An account sees the chain through <see cref="RoundsAs"/>, <see cref="RegistryAs"/> and
/// <see cref="TokenAs"/>, which implement the node's ledger interfaces as the contracts behave: the same checks in the
/// same order, and a revert as a <see cref="LedgerRevertedException"/> named after the contract's custom error, with no
/// state changed. Gas is a nominal figure per kind of transaction, not a measurement.
/// </summary>
internal sealed class InMemoryChain
{
    private TimeSpan _clockOffset;

    private InMemoryChain(ConsortiumSetup setup)
    {
        Setup = setup;
    }

    /// <summary>Where the registry "is deployed".</summary>
    public ChainAddress RegistryAddress { get; } = ChainAddress.Parse("0x0000000000000000000000000000000000001001");

    /// <summary>Where the round ledger "is deployed".</summary>
    public ChainAddress RoundsAddress { get; } = ChainAddress.Parse("0x0000000000000000000000000000000000001002");

    /// <summary>Where the token "is deployed".</summary>
    public ChainAddress TokenAddress { get; } = ChainAddress.Parse("0x0000000000000000000000000000000000001003");

    /// <summary>What the consortium was founded with: founders, minimum stake, slash rates.</summary>
    public ConsortiumSetup Setup { get; }

    /// <summary>The lock every read and transaction takes: the chain executes one transaction at a time.</summary>
    internal object Gate { get; } = new();

    /// <summary>The number of the latest block (one per transaction).</summary>
    internal ulong BlockNumber { get; private set; }

    /// <summary>The registry's coordinator.</summary>
    internal ChainAddress Coordinator { get; private set; }

    internal Dictionary<ChainAddress, MemberEntry> Members { get; } = [];

    internal List<ChainAddress> MemberList { get; } = [];

    internal Dictionary<ChainAddress, BigInteger> Balances { get; } = [];

    internal Dictionary<(ChainAddress Owner, ChainAddress Spender), BigInteger> Allowances { get; } = [];

    internal BigInteger TotalSupply { get; set; }

    internal List<RoundEntry> Rounds { get; } = [];

    internal List<RoundOpenedEvent> RoundOpened { get; } = [];

    internal List<UpdateCommittedEvent> UpdateCommitted { get; } = [];

    internal List<RoundFinalizedEvent> RoundFinalized { get; } = [];

    internal List<MembersExcludedEvent> MembersExcluded { get; } = [];

    internal List<RewardClaimedEvent> RewardClaimed { get; } = [];

    internal List<MemberRegisteredEvent> MemberRegistered { get; } = [];

    internal List<MemberSlashedEvent> MemberSlashed { get; } = [];

    internal List<MemberAccusedEvent> MemberAccused { get; } = [];

    internal List<AccusationSettledEvent> AccusationSettled { get; } = [];

    internal Dictionary<(ulong RoundId, ChainAddress Member), Accusation> Accusations { get; } = [];

    /// <summary>The chain's clock: wall time, moved on by <see cref="AdvanceTime"/>.</summary>
    public DateTimeOffset Now
    {
        get
        {
            lock (Gate)
            {
                return DateTimeOffset.UtcNow + _clockOffset;
            }
        }
    }

    /// <summary><c>block.timestamp</c> of a block mined now.</summary>
    internal ulong BlockTimestamp => (ulong)Now.ToUnixTimeSeconds();

    /// <summary>A chain with the contracts deployed for <paramref name="setup"/>: each founder admitted with the minimum stake.</summary>
    public static InMemoryChain Found(ConsortiumSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        setup.Validate();
        var chain = new InMemoryChain(setup);
        var deployment = chain.Mine(0);
        foreach (var founder in setup.Founders)
        {
            if (founder.Role == MemberRole.Coordinator)
            {
                chain.Coordinator = founder.Account;
            }

            chain.Members[founder.Account] = new MemberEntry(founder.Name, founder.Role, (uint)(chain.MemberList.Count + 1), setup.MinStake, chain.Now);
            chain.MemberList.Add(founder.Account);
            chain.MemberRegistered.Add(new MemberRegisteredEvent(founder.Account, founder.Name, founder.Role, setup.MinStake, deployment.TxHash, deployment.BlockNumber));
        }

        chain.Mint(chain.RegistryAddress, setup.MinStake * setup.Founders.Count);
        if (setup.TreasuryAllocation > 0)
        {
            chain.Mint(setup.Treasury ?? throw new ArgumentException("A treasury allocation needs a treasury.", nameof(setup)), setup.TreasuryAllocation);
        }

        return chain;
    }

    /// <summary>
    /// A consortium of one coordinator and <paramref name="operators"/> operators with deterministic keys
    /// (<see cref="Account"/>), paying at most 10 tokens a round; the coordinator is account 0.
    /// </summary>
    public static InMemoryChain WithOperators(int operators) =>
        Found(new ConsortiumSetup(
        [
            new FoundingMember(Account(0).Address, "coordinator", MemberRole.Coordinator),
            .. Enumerable.Range(1, operators).Select(i => new FoundingMember(Account(i).Address, $"operator-{i}", MemberRole.Operator)),
        ])
        {
            RewardPoolPerRound = TokenAmount.FromTokens(10m),
        });

    /// <summary>A deterministic test account: the same index gives the same key in every run.</summary>
    public static ChainAccount Account(int index) =>
        ChainAccount.FromPrivateKey(Keccak.Hash(Encoding.UTF8.GetBytes($"in-memory account {index}")).ToString());

    /// <summary>The round ledger as <paramref name="sender"/> sends to it.</summary>
    public IRoundLedger RoundsAs(ChainAddress sender) => new InMemoryRoundLedger(this, sender);

    /// <summary>The member registry as <paramref name="sender"/> sends to it.</summary>
    public IMemberRegistry RegistryAs(ChainAddress sender) => new InMemoryMemberRegistry(this, sender);

    /// <summary>The token as <paramref name="sender"/> sends to it.</summary>
    public IRewardToken TokenAs(ChainAddress sender) => new InMemoryRewardToken(this, sender);

    /// <summary>Moves the chain's clock on, as <c>evm_increaseTime</c> does.</summary>
    public void AdvanceTime(TimeSpan by)
    {
        lock (Gate)
        {
            _clockOffset += by;
        }
    }

    /// <summary>The revert of the contract's custom error <paramref name="error"/> with its arguments (name, ABI type, value).</summary>
    internal static LedgerRevertedException Revert(string error, params (string Name, string Type, object? Value)[] arguments)
    {
        var signature = $"{error}({string.Join(",", arguments.Select(a => a.Type))})";
        var selector = Keccak.Hash(Encoding.ASCII.GetBytes(signature)).ToString()[..10];
        return new LedgerRevertedException(error, [.. arguments.Select(a => new LedgerErrorArgument(a.Name, a.Type, a.Value))], selector);
    }

    /// <summary>Mines the block of one successful transaction; call it once every check has passed.</summary>
    internal LedgerTransaction Mine(ulong gasUsed)
    {
        BlockNumber++;
        var hash = Keccak.Hash(Encoding.UTF8.GetBytes($"in-memory transaction in block {BlockNumber}"));
        return new LedgerTransaction(hash, BlockNumber, gasUsed);
    }

    internal BigInteger BalanceOf(ChainAddress account) => Balances.GetValueOrDefault(account);

    internal void Mint(ChainAddress to, BigInteger amount)
    {
        Balances[to] = BalanceOf(to) + amount;
        TotalSupply += amount;
    }

    internal void Burn(ChainAddress from, BigInteger amount)
    {
        Balances[from] = BalanceOf(from) - amount;
        TotalSupply -= amount;
    }

    /// <summary>Checks a transfer as OpenZeppelin's ERC-20 does; the caller moves the tokens after its other checks.</summary>
    internal void RequireTransfer(ChainAddress from, ChainAddress to, BigInteger amount)
    {
        if (to.IsZero)
        {
            throw Revert("ERC20InvalidReceiver", ("receiver", "address", to));
        }

        if (BalanceOf(from) < amount)
        {
            throw Revert("ERC20InsufficientBalance", ("sender", "address", from), ("balance", "uint256", BalanceOf(from)), ("needed", "uint256", amount));
        }
    }

    internal void Transfer(ChainAddress from, ChainAddress to, BigInteger amount)
    {
        Balances[from] = BalanceOf(from) - amount;
        Balances[to] = BalanceOf(to) + amount;
    }

    /// <summary>A member as the registry stores it.</summary>
    internal sealed class MemberEntry(string name, MemberRole role, uint number, BigInteger stake, DateTimeOffset memberSince)
    {
        public string Name { get; } = name;

        public MemberRole Role { get; } = role;

        public MemberStatus Status { get; set; } = MemberStatus.Active;

        public uint Number { get; } = number;

        public BigInteger Stake { get; set; } = stake;

        public DateTimeOffset MemberSince { get; } = memberSince;

        public int RoundsContributed { get; set; }

        public BigInteger TotalScore { get; set; }

        public int SlashCount { get; set; }

        public BigInteger SlashedAmount { get; set; }
    }

    /// <summary>A round as the round ledger stores it.</summary>
    internal sealed class RoundEntry(ulong id, Hash32 globalModelHash, ulong commitDeadline, ulong finalizeDeadline, ulong openedAtBlock)
    {
        public ulong Id { get; } = id;

        public RoundStatus Status { get; set; } = RoundStatus.Open;

        public Hash32 GlobalModelHash { get; } = globalModelHash;

        public Hash32 NewModelHash { get; set; }

        public Hash32 RewardRoot { get; set; }

        public Hash32 ScoreTableHash { get; set; }

        public Hash32 ExclusionsHash { get; set; }

        public ulong CommitDeadline { get; } = commitDeadline;

        public ulong FinalizeDeadline { get; } = finalizeDeadline;

        public ulong OpenedAtBlock { get; } = openedAtBlock;

        public ulong FinalizedAtBlock { get; set; }

        public BigInteger RewardPool { get; set; }

        public BigInteger RewardClaimed { get; set; }

        public int ScoredMembers { get; set; }

        public int ExcludedMembers { get; set; }

        public bool ExclusionsEnforced { get; set; }

        public Dictionary<ChainAddress, Hash32> Commitments { get; } = [];

        public HashSet<ChainAddress> Claimed { get; } = [];

        public RoundState ToState() => new(
            Id,
            Status,
            GlobalModelHash,
            NewModelHash,
            RewardRoot,
            ScoreTableHash,
            ExclusionsHash,
            DateTimeOffset.FromUnixTimeSeconds((long)CommitDeadline),
            DateTimeOffset.FromUnixTimeSeconds((long)FinalizeDeadline),
            Commitments.Count,
            OpenedAtBlock,
            FinalizedAtBlock == 0 ? null : FinalizedAtBlock,
            RewardPool,
            RewardClaimed,
            ScoredMembers,
            ExcludedMembers,
            ExclusionsEnforced)
        {
            SecureAggregation = SecureAggregation,
            RewardCap = RewardCap,
            Task = Task,
        };

        public bool SecureAggregation { get; init; }

        public BigInteger RewardCap { get; init; }

        public FederatedTask Task { get; init; }
    }
}
