using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Consortium.Contracts.Bindings;

// Typed Nethereum bindings of MemberRegistry.sol / IMemberRegistry.sol; kept in step with the
// compiled ABI by ContractBindingTests.

internal sealed class MemberRegistryDeployment : ContractDeploymentMessage
{
    public MemberRegistryDeployment()
        : base(ContractArtifact.MemberRegistry.Bytecode)
    {
    }
}

[Function("registerMember")]
internal sealed class RegisterMemberFunction : FunctionMessage
{
    [Parameter("address", "member", 1)]
    public string Member { get; set; } = string.Empty;

    [Parameter("string", "name", 2)]
    public string Name { get; set; } = string.Empty;
}

[Function("removeMember")]
internal sealed class RemoveMemberFunction : FunctionMessage
{
    [Parameter("address", "member", 1)]
    public string Member { get; set; } = string.Empty;
}

[Function("isMember", "bool")]
internal sealed class IsMemberFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Function("memberName", "string")]
internal sealed class MemberNameFunction : FunctionMessage
{
    [Parameter("address", "member", 1)]
    public string Member { get; set; } = string.Empty;
}

[Function("members", "address[]")]
internal sealed class MembersFunction : FunctionMessage
{
}

[Function("admin", "address")]
internal sealed class AdminFunction : FunctionMessage
{
}

[Event("MemberRegistered")]
internal sealed class MemberRegisteredEventDto : IEventDTO
{
    [Parameter("address", "member", 1, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("string", "name", 2, false)]
    public string Name { get; set; } = string.Empty;
}

[Event("MemberRemoved")]
internal sealed class MemberRemovedEventDto : IEventDTO
{
    [Parameter("address", "member", 1, true)]
    public string Member { get; set; } = string.Empty;
}

[Error("Registry_NotAdmin")]
internal sealed class RegistryNotAdminError
{
    [Parameter("address", "caller", 1)]
    public string Caller { get; set; } = string.Empty;
}

[Error("Registry_ZeroAddress")]
internal sealed class RegistryZeroAddressError
{
}

[Error("Registry_EmptyName")]
internal sealed class RegistryEmptyNameError
{
}

[Error("Registry_AlreadyMember")]
internal sealed class RegistryAlreadyMemberError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("Registry_NotMember")]
internal sealed class RegistryNotMemberError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}
