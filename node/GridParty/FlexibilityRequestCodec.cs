using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Consortium.Contracts.Chain;
using Consortium.Node.DispatchEvents;

namespace Consortium.Node.GridParty;

/// <summary>
/// Signs, writes and reads flexibility requests.
/// </summary>
/// <remarks>
/// <para>The document is one JSON object with exactly the fields of <see cref="FlexibilityRequestFields.All"/>:</para>
/// <code>
/// {"version":2,"requestId":"r-1","gridParty":"0x…","chainId":31337,"dispatchLedger":"0x…","issuedAt":"2026-11-26T10:00:00Z",
///  "start":"2026-11-27T00:00:00Z","stepMinutes":15,"horizonSteps":96,"targetKw":[…96 numbers…],"deviationPenaltyPerKwh":1,
///  "rewardWeiPerKwh":"1000000000000000","penaltyWeiPerKwh":"10000000000000000","toleranceBps":200,"toleranceWh":500,
///  "signature":"0x…130 hex digits…"}
/// </code>
/// <para>
/// The signature is the grid party's EIP-712 signature (<c>eth_signTypedData_v4</c>) of the request as typed data
/// (<see cref="FlexibilityRequestTypedData"/>), signed as r ‖ s ‖ v with v 27 or 28 and s in the lower half of the curve
/// order (EIP-2), so a wallet can produce it and each request has exactly one valid signature encoding. The typed data is
/// rebuilt from the parsed values, so white space and field order in the received document do not matter, but every value
/// must be the one that was signed.
/// </para>
/// <para>
/// <see cref="Parse"/> checks, in this order, and stops at the first fault with a <see cref="FlexibilityRequestException"/>
/// naming the field: the document (size, JSON syntax, an object), duplicate fields, the version, unknown and missing fields,
/// each field's JSON type and value, the request's rules (<see cref="FlexibilityRequest"/>), the signature, and the
/// receiver's <see cref="FlexibilityRequestPolicy"/>. A replayed request parses again: the receiver must refuse a
/// <see cref="FlexibilityRequest.RequestHash"/> it already opened a dispatch for (each <c>DispatchOpened</c> event on the
/// ledger carries the hash; <c>openDispatch</c> itself does not check for repeats).
/// </para>
/// </remarks>
public static class FlexibilityRequestCodec
{
    /// <summary>The largest document accepted, in characters (a week of targets needs about 20,000).</summary>
    public const int MaxDocumentLength = 256 * 1024;

    private const int SignatureBytes = 65;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 3,
    };

    // Order n of the secp256k1 group, and n / 2: a signature's s must not exceed it (EIP-2).
    private static readonly BigInteger CurveOrder = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static readonly BigInteger HalfCurveOrder = CurveOrder / 2;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Signs a request with the grid party's key.</summary>
    /// <param name="request">The request.</param>
    /// <param name="gridPartyKey">The key of the request's <see cref="FlexibilityRequest.GridParty"/>.</param>
    /// <exception cref="ArgumentException">The key is not the grid party's.</exception>
    public static SignedFlexibilityRequest Sign(FlexibilityRequest request, ChainAccount gridPartyKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(gridPartyKey);
        if (gridPartyKey.Address != request.GridParty)
        {
            throw new ArgumentException($"The key of {gridPartyKey.Address} cannot sign for grid party {request.GridParty}.", nameof(gridPartyKey));
        }

        var signature = ReadSignature(FlexibilityRequestTypedData.Sign(request, gridPartyKey), "the signer");
        return new SignedFlexibilityRequest(request, signature, gridPartyKey.Address);
    }

    /// <summary>The signed JSON document: the canonical request with <c>"signature"</c> as its last field.</summary>
    public static string Serialize(SignedFlexibilityRequest signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var canonical = CanonicalJson(signed.Request);
        return string.Concat(canonical.AsSpan(0, canonical.Length - 1), $",\"{FlexibilityRequestFields.Signature}\":\"{signed.Signature}\"}}");
    }

    /// <summary>Reads and checks a signed document (see the class remarks for what is checked).</summary>
    /// <param name="json">The document.</param>
    /// <param name="policy">Trusted grid parties and the receiver's clock; any signer and no clock when omitted.</param>
    /// <exception cref="FlexibilityRequestException">The document is refused; the exception names the field.</exception>
    public static SignedFlexibilityRequest Parse(string json, FlexibilityRequestPolicy? policy = null)
    {
        var (request, signature) = ReadUnverified(json);
        var signer = Recover(request, signature);
        if (signer != request.GridParty)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.Signature, $"wrong signature: it recovers to {signer}, not to gridParty {request.GridParty}");
        }

        Apply(policy ?? FlexibilityRequestPolicy.AnySigner, request);
        return new SignedFlexibilityRequest(request, signature, signer);
    }

    /// <summary>
    /// Reads a signed document and checks everything but the signature: what an operator does first, so that a copy the
    /// coordinator altered can be compared field by field with the terms on chain (a changed value only breaks the
    /// signature, which cannot say which field changed). Call <see cref="Parse"/> for a checked request.
    /// </summary>
    /// <exception cref="FlexibilityRequestException">The document is refused; the exception names the field.</exception>
    public static (FlexibilityRequest Request, string Signature) ReadUnverified(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new FlexibilityRequestException(FlexibilityRequestException.DocumentField, "the document is empty");
        }

        if (json.Length > MaxDocumentLength)
        {
            throw new FlexibilityRequestException(FlexibilityRequestException.DocumentField, $"the document has {json.Length} characters; at most {MaxDocumentLength} are accepted");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException error)
        {
            throw new FlexibilityRequestException(FlexibilityRequestException.DocumentField, $"malformed JSON ({error.Message})", error);
        }

        using (document)
        {
            var fields = Fields(document.RootElement);
            var request = ReadRequest(fields);
            var signature = ReadSignature(fields[FlexibilityRequestFields.Signature]);
            return (request, signature);
        }
    }

    /// <summary>The canonical JSON of a request, without signature (see <see cref="FlexibilityRequest.CanonicalBytes"/>).</summary>
    internal static string CanonicalJson(FlexibilityRequest request)
    {
        var text = new StringBuilder(64 + 24 * request.HorizonSteps);
        text.Append('{');
        Number(text, FlexibilityRequestFields.Version, request.Version).Append(',');
        Text(text, FlexibilityRequestFields.RequestId, request.RequestId).Append(',');
        Text(text, FlexibilityRequestFields.GridParty, request.GridParty.ToString()).Append(',');
        text.Append('"').Append(FlexibilityRequestFields.ChainId).Append("\":").Append(request.Domain.ChainId.ToString(CultureInfo.InvariantCulture)).Append(',');
        Text(text, FlexibilityRequestFields.DispatchLedger, request.Domain.DispatchLedger.ToString()).Append(',');
        Text(text, FlexibilityRequestFields.IssuedAt, FlexibilityRequest.Format(request.IssuedAt)).Append(',');
        Text(text, FlexibilityRequestFields.Start, FlexibilityRequest.Format(request.Start)).Append(',');
        Number(text, FlexibilityRequestFields.StepMinutes, request.StepMinutes).Append(',');
        Number(text, FlexibilityRequestFields.HorizonSteps, request.HorizonSteps).Append(',');
        text.Append('"').Append(FlexibilityRequestFields.TargetKw).Append("\":[");
        for (var t = 0; t < request.TargetKw.Length; t++)
        {
            if (t > 0)
            {
                text.Append(',');
            }

            text.Append(request.TargetKw[t].ToString("R", CultureInfo.InvariantCulture));
        }

        text.Append("],");
        Real(text, FlexibilityRequestFields.DeviationPenaltyPerKwh, request.DeviationPenaltyPerKwh).Append(',');
        Text(text, FlexibilityRequestFields.RewardWeiPerKwh, request.Settlement.RewardWeiPerKwh.ToString(CultureInfo.InvariantCulture)).Append(',');
        Text(text, FlexibilityRequestFields.PenaltyWeiPerKwh, request.Settlement.PenaltyWeiPerKwh.ToString(CultureInfo.InvariantCulture)).Append(',');
        Number(text, FlexibilityRequestFields.ToleranceBps, request.ToleranceBps).Append(',');
        Number(text, FlexibilityRequestFields.ToleranceWh, request.ToleranceWh);
        return text.Append('}').ToString();
    }

    /// <summary>UTF-8 of <see cref="CanonicalJson"/>.</summary>
    internal static byte[] Canonical(FlexibilityRequest request) => Encoding.UTF8.GetBytes(CanonicalJson(request));

    private static StringBuilder Number(StringBuilder text, string name, int value) =>
        text.Append('"').Append(name).Append("\":").Append(value.ToString(CultureInfo.InvariantCulture));

    private static StringBuilder Real(StringBuilder text, string name, double value) =>
        text.Append('"').Append(name).Append("\":").Append(value.ToString("R", CultureInfo.InvariantCulture));

    private static StringBuilder Text(StringBuilder text, string name, string value) =>
        text.Append('"').Append(name).Append("\":\"").Append(value).Append('"');

    private static Dictionary<string, JsonElement> Fields(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FlexibilityRequestException(FlexibilityRequestException.DocumentField, $"the document must be a JSON object, not {Kind(root)}");
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw new FlexibilityRequestException(property.Name, "appears more than once");
            }
        }

        // The version first: a document of another version may well have other fields.
        if (fields.TryGetValue(FlexibilityRequestFields.Version, out var version)
            && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var number) && number == FlexibilityRequest.CurrentVersion))
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.Version, $"{version.GetRawText()} is not a supported version; only {FlexibilityRequest.CurrentVersion} is");
        }

        foreach (var name in fields.Keys)
        {
            if (!FlexibilityRequestFields.All.Contains(name))
            {
                throw new FlexibilityRequestException(name, $"unknown field; a request has exactly {string.Join(", ", FlexibilityRequestFields.All)}");
            }
        }

        foreach (var name in FlexibilityRequestFields.All)
        {
            if (!fields.ContainsKey(name))
            {
                throw new FlexibilityRequestException(name, "the field is missing");
            }
        }

        return fields;
    }

    private static FlexibilityRequest ReadRequest(Dictionary<string, JsonElement> fields)
    {
        var requestId = ReadString(fields, FlexibilityRequestFields.RequestId);
        var gridParty = ReadAddress(fields, FlexibilityRequestFields.GridParty);
        var chainId = ReadLong(fields, FlexibilityRequestFields.ChainId);
        var ledger = ReadAddress(fields, FlexibilityRequestFields.DispatchLedger);
        var issuedAt = ReadTime(fields, FlexibilityRequestFields.IssuedAt);
        var start = ReadTime(fields, FlexibilityRequestFields.Start);
        var stepMinutes = ReadInt(fields, FlexibilityRequestFields.StepMinutes);
        if (stepMinutes != FlexibilityRequest.RequiredStepMinutes)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.StepMinutes, $"{stepMinutes} is not supported; steps are {FlexibilityRequest.RequiredStepMinutes} minutes");
        }

        var horizon = ReadInt(fields, FlexibilityRequestFields.HorizonSteps);
        if (horizon is <= 0 or > FlexibilityRequest.MaxHorizonSteps)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.HorizonSteps, $"{horizon} is outside 1 to {FlexibilityRequest.MaxHorizonSteps} steps");
        }

        var target = ReadTarget(fields[FlexibilityRequestFields.TargetKw], horizon);
        var penalty = ReadReal(fields[FlexibilityRequestFields.DeviationPenaltyPerKwh], FlexibilityRequestFields.DeviationPenaltyPerKwh);
        var reward = ReadWei(fields, FlexibilityRequestFields.RewardWeiPerKwh);
        var penaltyWei = ReadWei(fields, FlexibilityRequestFields.PenaltyWeiPerKwh);
        var toleranceBps = ReadInt(fields, FlexibilityRequestFields.ToleranceBps);
        var toleranceWh = ReadInt(fields, FlexibilityRequestFields.ToleranceWh);
        var settlement = new DispatchSettlementRule(reward, penaltyWei, toleranceBps / 10_000.0, toleranceWh / 1000.0);
        return new FlexibilityRequest(requestId, gridParty, new RequestDomain(chainId, ledger), issuedAt, start, target, penalty, settlement);
    }

    private static string ReadString(Dictionary<string, JsonElement> fields, string name)
    {
        var value = fields[name];
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FlexibilityRequestException(name, $"must be a string, not {Kind(value)}");
    }

    private static ChainAddress ReadAddress(Dictionary<string, JsonElement> fields, string name)
    {
        var text = ReadString(fields, name);
        if (!ChainAddress.TryParse(text, out var address))
        {
            throw new FlexibilityRequestException(name, $"'{text}' is not an address (0x followed by 40 hex digits)");
        }

        // Mixed case claims an EIP-55 checksum, which must then be right; all-lower or all-upper claims none.
        var digits = text.AsSpan(2);
        if (digits.ContainsAnyInRange('a', 'f') && digits.ContainsAnyInRange('A', 'F') && !digits.SequenceEqual(address.ToString().AsSpan(2)))
        {
            throw new FlexibilityRequestException(name, $"'{text}' fails its EIP-55 checksum (expected {address})");
        }

        return address;
    }

    private static long ReadLong(Dictionary<string, JsonElement> fields, string name)
    {
        var value = fields[name];
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new FlexibilityRequestException(name, $"must be a whole number, not {Kind(value)}");
        }

        return value.TryGetInt64(out var number)
            ? number
            : throw new FlexibilityRequestException(name, $"{value.GetRawText()} is not a whole number in range");
    }

    private static BigInteger ReadWei(Dictionary<string, JsonElement> fields, string name)
    {
        var text = ReadString(fields, name);
        if (text.Length is 0 or > 78 || text.AsSpan().ContainsAnyExceptInRange('0', '9') || (text.Length > 1 && text[0] == '0'))
        {
            throw new FlexibilityRequestException(name, $"'{text}' is not a whole number of token base units written in decimal digits");
        }

        return BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset ReadTime(Dictionary<string, JsonElement> fields, string name)
    {
        var text = ReadString(fields, name);
        return DateTime.TryParseExact(
            text, FlexibilityRequest.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : throw new FlexibilityRequestException(name, $"'{text}' is not a UTC time written as yyyy-MM-ddTHH:mm:ssZ");
    }

    private static int ReadInt(Dictionary<string, JsonElement> fields, string name)
    {
        var value = fields[name];
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new FlexibilityRequestException(name, $"must be a whole number, not {Kind(value)}");
        }

        return value.TryGetInt32(out var number)
            ? number
            : throw new FlexibilityRequestException(name, $"{value.GetRawText()} is not a whole number in range");
    }

    private static double ReadReal(JsonElement value, string name, string? where = null)
    {
        var subject = where is null ? string.Empty : where + " ";
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new FlexibilityRequestException(name, $"{subject}is {Kind(value)}, not a number");
        }

        return value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw new FlexibilityRequestException(name, $"{subject}is {value.GetRawText()}, too large for a finite number");
    }

    private static double[] ReadTarget(JsonElement value, int horizon)
    {
        const string name = FlexibilityRequestFields.TargetKw;
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FlexibilityRequestException(name, $"must be an array of numbers, not {Kind(value)}");
        }

        var count = value.GetArrayLength();
        if (count != horizon)
        {
            throw new FlexibilityRequestException(name, $"has {count} values but horizonSteps is {horizon}; one value per step is needed");
        }

        var target = new double[count];
        var t = 0;
        foreach (var element in value.EnumerateArray())
        {
            target[t] = ReadReal(element, name, $"step {t}");
            t++;
        }

        return target;
    }

    private static string ReadSignature(JsonElement value)
    {
        const string name = FlexibilityRequestFields.Signature;
        return value.ValueKind == JsonValueKind.String
            ? ReadSignature(value.GetString()!, null)
            : throw new FlexibilityRequestException(name, $"must be a string, not {Kind(value)}");
    }

    /// <summary>Checks a signature's form and returns it in lowercase; <paramref name="producer"/> names a local signer that broke the rules.</summary>
    private static string ReadSignature(string text, string? producer)
    {
        const string name = FlexibilityRequestFields.Signature;
        var origin = producer is null ? string.Empty : $" (produced by {producer})";
        if (text.Length != 2 + 2 * SignatureBytes || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.AsSpan(2).ContainsAnyExcept(HexDigits))
        {
            throw new FlexibilityRequestException(name, $"is not 0x followed by {2 * SignatureBytes} hex digits{origin}");
        }

        var bytes = Convert.FromHexString(text.AsSpan(2));
        var r = new BigInteger(bytes.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var v = bytes[64];
        if (r.IsZero || r >= CurveOrder || s.IsZero || s > HalfCurveOrder)
        {
            throw new FlexibilityRequestException(name, $"r or s is out of range (s must lie in the lower half of the curve order){origin}");
        }

        if (v is not (27 or 28))
        {
            throw new FlexibilityRequestException(name, $"recovery id v is {v}; it must be 27 or 28{origin}");
        }

        return "0x" + Convert.ToHexStringLower(bytes);
    }

    private static ChainAddress Recover(FlexibilityRequest request, string signature)
    {
        string recovered;
        try
        {
            recovered = FlexibilityRequestTypedData.Recover(request, signature);
        }
        catch (Exception error) when (error is ArgumentException or ArithmeticException or FormatException or InvalidOperationException)
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.Signature, $"wrong signature: no public key recovers from it ({error.Message})", error);
        }

        return ChainAddress.TryParse(recovered, out var address)
            ? address
            : throw new FlexibilityRequestException(FlexibilityRequestFields.Signature, "wrong signature: no address recovers from it");
    }

    private static void Apply(FlexibilityRequestPolicy policy, FlexibilityRequest request)
    {
        if (policy.TrustedGridParties is { } trusted && !trusted.Contains(request.GridParty))
        {
            throw new FlexibilityRequestException(FlexibilityRequestFields.GridParty, $"{request.GridParty} is not a trusted grid party");
        }

        if (policy.Now is { } now)
        {
            var skew = policy.MaxClockSkew ?? FlexibilityRequestPolicy.DefaultClockSkew;
            if (request.IssuedAt > now + skew)
            {
                throw new FlexibilityRequestException(
                    FlexibilityRequestFields.IssuedAt, $"{FlexibilityRequest.Format(request.IssuedAt)} is in the future (now {FlexibilityRequest.Format(now)}, allowed skew {skew})");
            }

            if (request.Start <= now)
            {
                throw new FlexibilityRequestException(
                    FlexibilityRequestFields.Start, $"{FlexibilityRequest.Format(request.Start)} has passed (now {FlexibilityRequest.Format(now)}); the request expired");
            }
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
