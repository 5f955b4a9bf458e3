namespace Consortium.Node.GridParty;

/// <summary>
/// A flexibility request with the grid party's signature, checked: only <see cref="FlexibilityRequestCodec"/>
/// creates these, after the signature has been recovered to <see cref="Signer"/>, which equals the request's
/// <see cref="FlexibilityRequest.GridParty"/>.
/// </summary>
public sealed class SignedFlexibilityRequest
{
    internal SignedFlexibilityRequest(FlexibilityRequest request, string signature, ChainAddress signer)
    {
        Request = request;
        Signature = signature;
        Signer = signer;
    }

    /// <summary>The request.</summary>
    public FlexibilityRequest Request { get; }

    /// <summary>The 65-byte signature (r, s, v with v 27 or 28) as <c>0x</c> and 130 lowercase hex digits.</summary>
    public string Signature { get; }

    /// <summary>The address the signature recovers to (the grid party).</summary>
    public ChainAddress Signer { get; }

    /// <summary>The request's ledger identity, Keccak-256 of its canonical bytes.</summary>
    public Hash32 RequestHash => Request.RequestHash;

    /// <summary>The signed JSON document: the canonical request with the signature as its last field.</summary>
    public string ToJson() => FlexibilityRequestCodec.Serialize(this);

    /// <summary>The request and who signed it.</summary>
    public override string ToString() => $"{Request} (signed by {Signer})";
}
