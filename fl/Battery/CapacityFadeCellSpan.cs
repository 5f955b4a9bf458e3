namespace Consortium.Fl.Battery;

/// <summary>One cell's samples within a <see cref="CapacityFadeSamples"/>.</summary>
/// <param name="Cell">The cell's identifier.</param>
/// <param name="Chemistry">The cell's chemistry as its data names it ("NCM", "NCA", "NCM+NCA", "LFP"), or empty when unknown.</param>
/// <param name="Start">Index of its first sample.</param>
/// <param name="Count">Its samples.</param>
public sealed record CapacityFadeCellSpan(string Cell, string Chemistry, int Start, int Count);
