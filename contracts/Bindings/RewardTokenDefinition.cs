using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Consortium.Contracts.Bindings;

// Typed Nethereum bindings of RewardToken.sol (ERC-20 from OpenZeppelin plus IRewardToken);
// kept in step with the compiled ABI by ContractBindingTests.

[Function("balanceOf", "uint256")]
internal sealed class BalanceOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Function("totalSupply", "uint256")]
internal sealed class TotalSupplyFunction : FunctionMessage
{
}

[Function("name", "string")]
internal sealed class NameFunction : FunctionMessage
{
}

[Function("symbol", "string")]
internal sealed class SymbolFunction : FunctionMessage
{
}

[Function("decimals", "uint8")]
internal sealed class DecimalsFunction : FunctionMessage
{
}

[Function("transfer", "bool")]
internal sealed class TransferFunction : FunctionMessage
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = string.Empty;

    [Parameter("uint256", "value", 2)]
    public BigInteger Value { get; set; }
}

[Function("approve", "bool")]
internal sealed class ApproveFunction : FunctionMessage
{
    [Parameter("address", "spender", 1)]
    public string Spender { get; set; } = string.Empty;

    [Parameter("uint256", "value", 2)]
    public BigInteger Value { get; set; }
}

[Function("allowance", "uint256")]
internal sealed class AllowanceFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = string.Empty;

    [Parameter("address", "spender", 2)]
    public string Spender { get; set; } = string.Empty;
}

[Function("mint")]
internal sealed class MintFunction : FunctionMessage
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = string.Empty;

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }
}

[Function("minter", "address")]
internal sealed class MinterFunction : FunctionMessage
{
}

[Event("Transfer")]
internal sealed class TransferEventDto : IEventDTO
{
    [Parameter("address", "from", 1, true)]
    public string From { get; set; } = string.Empty;

    [Parameter("address", "to", 2, true)]
    public string To { get; set; } = string.Empty;

    [Parameter("uint256", "value", 3, false)]
    public BigInteger Value { get; set; }
}

[Error("RewardToken_NotMinter")]
internal sealed class RewardTokenNotMinterError
{
    [Parameter("address", "caller", 1)]
    public string Caller { get; set; } = string.Empty;
}

[Error("RewardToken_ZeroMinter")]
internal sealed class RewardTokenZeroMinterError
{
}

[Error("ERC20InsufficientBalance")]
internal sealed class Erc20InsufficientBalanceError
{
    [Parameter("address", "sender", 1)]
    public string Sender { get; set; } = string.Empty;

    [Parameter("uint256", "balance", 2)]
    public BigInteger Balance { get; set; }

    [Parameter("uint256", "needed", 3)]
    public BigInteger Needed { get; set; }
}

[Error("ERC20InvalidReceiver")]
internal sealed class Erc20InvalidReceiverError
{
    [Parameter("address", "receiver", 1)]
    public string Receiver { get; set; } = string.Empty;
}

[Error("ERC20InvalidSender")]
internal sealed class Erc20InvalidSenderError
{
    [Parameter("address", "sender", 1)]
    public string Sender { get; set; } = string.Empty;
}

[Error("ERC20InsufficientAllowance")]
internal sealed class Erc20InsufficientAllowanceError
{
    [Parameter("address", "spender", 1)]
    public string Spender { get; set; } = string.Empty;

    [Parameter("uint256", "allowance", 2)]
    public BigInteger Allowance { get; set; }

    [Parameter("uint256", "needed", 3)]
    public BigInteger Needed { get; set; }
}

[Error("ERC20InvalidApprover")]
internal sealed class Erc20InvalidApproverError
{
    [Parameter("address", "approver", 1)]
    public string Approver { get; set; } = string.Empty;
}

[Error("ERC20InvalidSpender")]
internal sealed class Erc20InvalidSpenderError
{
    [Parameter("address", "spender", 1)]
    public string Spender { get; set; } = string.Empty;
}
