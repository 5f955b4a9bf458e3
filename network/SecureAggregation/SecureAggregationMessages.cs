namespace Consortium.Network.SecureAggregation;

/// <summary>Signs for this member and checks other members' signatures, against the identities the chain holds.</summary>
public interface ISecureRoundIdentity
{
    /// <summary>This member's signature over <paramref name="message"/>.</summary>
    byte[] Sign(byte[] message);

    /// <summary>Whether <paramref name="signature"/> over <paramref name="message"/> is the one of member <paramref name="member"/> of the round's roster.</summary>
    bool Verifies(int member, byte[] message, byte[] signature);
}

/// <summary>A member's public keys for the round, signed with its chain key so that nobody in between can swap them.</summary>
/// <param name="Member">The member's index in the round's roster.</param>
/// <param name="EncryptionPublic">The X25519 key its shares are encrypted with.</param>
/// <param name="MaskPublic">The X25519 key its pairwise masks are agreed with.</param>
/// <param name="Signature">Its chain key's signature over the round, its index and both keys.</param>
public sealed record MaskAdvertisement(int Member, byte[] EncryptionPublic, byte[] MaskPublic, byte[] Signature);

/// <summary>A member's shares of its two secrets for one neighbour, encrypted to that neighbour (AES-256-GCM).</summary>
/// <param name="From">The sharing member.</param>
/// <param name="To">The neighbour that can open it.</param>
/// <param name="Nonce">The GCM nonce, 12 bytes.</param>
/// <param name="Ciphertext">The shares, with the GCM tag at the end.</param>
public sealed record ShareEnvelope(int From, int To, byte[] Nonce, byte[] Ciphertext);

/// <summary>A member's input with its masks added: ring words that mean nothing alone.</summary>
/// <param name="Member">The sender.</param>
/// <param name="Words">The masked input.</param>
public sealed record MaskedInput(int Member, uint[] Words);

/// <summary>A member's signature over the set of members whose masked inputs the coordinator says it holds.</summary>
/// <param name="Member">The signer.</param>
/// <param name="Signature">Over the round and the sorted survivors.</param>
public sealed record SurvivorSignature(int Member, byte[] Signature);

/// <summary>
/// The coordinator's request for shares: of the self-mask seed of each survivor, and of the mask key of each member that
/// shared its keys but sent no input. The survivors' signatures show every member was told the same set.
/// </summary>
/// <param name="Survivors">Members whose masked inputs are in the sum.</param>
/// <param name="Dropped">Members that shared their keys and sent no input.</param>
/// <param name="Signatures">Survivors' signatures over <paramref name="Survivors"/>.</param>
public sealed record UnmaskRequest(IReadOnlyList<int> Survivors, IReadOnlyList<int> Dropped, IReadOnlyList<SurvivorSignature> Signatures);

/// <summary>Which secret a share is of.</summary>
public enum ShareKind
{
    /// <summary>The seed of a survivor's self mask.</summary>
    SelfMaskSeed,

    /// <summary>The pairwise mask key of a member that dropped.</summary>
    MaskKey,
}

/// <summary>One share a member reveals at unmasking.</summary>
/// <param name="Owner">Whose secret.</param>
/// <param name="Kind">Which secret.</param>
/// <param name="Share">The share.</param>
public sealed record RevealedShare(int Owner, ShareKind Kind, SecretShare Share);

/// <summary>A member's answer to an unmask request.</summary>
/// <param name="Member">The answering member.</param>
/// <param name="Shares">One share per neighbour it holds shares of and the request names.</param>
public sealed record UnmaskReply(int Member, IReadOnlyList<RevealedShare> Shares);

/// <summary>A request the protocol's rules forbid: the member refuses it and says why.</summary>
public sealed class SecureAggregationException(string message) : Exception(message);
