using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>A decline's reason by its name (<c>NoDispatchableFleet</c>, <c>Unavailable</c>, <c>Other</c>); a number is refused.</summary>
public sealed class DeclineReasonJsonConverter() : JsonStringEnumConverter<DeclineReason>(namingPolicy: null, allowIntegerValues: false);
