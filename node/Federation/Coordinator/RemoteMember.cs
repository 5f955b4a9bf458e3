using Consortium.Network.Federation;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>A member as the coordinator knows it: its gRPC client, its chain address and its public profile.</summary>
public sealed record RemoteMember(string Name, ChainAddress Address, FederatedMemberClient Client, MemberProfile Profile);
