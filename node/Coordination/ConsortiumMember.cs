using Consortium.Network.Federation;

namespace Consortium.Node.Coordination;

/// <summary>A member as the coordinator knows it: its gRPC client, its chain address and its public profile.</summary>
public sealed record ConsortiumMember(string Name, ChainAddress Address, FederatedMemberClient Client, MemberProfile Profile);
