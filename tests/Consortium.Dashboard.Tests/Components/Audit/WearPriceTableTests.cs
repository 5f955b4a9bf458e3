using System.Numerics;
using Bunit;
using Consortium.Dashboard.Audit;
using Consortium.Dashboard.Components.Audit;

namespace Consortium.Dashboard.Tests.Components.Audit;

public sealed class WearPriceTableTests : BunitContext
{
    private static readonly BigInteger Milli = BigInteger.Pow(10, 15);

    private static WearPublicationView Publication(ulong round, bool inForce, bool? matches, params (string Chemistry, int Milli)[] prices) => new(
        round,
        "0x" + new string((char)('a' + (int)round), 64),
        "0x" + new string('c', 64),
        [.. prices.Select(p => new WearPriceView(p.Chemistry, p.Milli * Milli))],
        "0x" + new string('e', 64),
        100 + round)
    {
        InForce = inForce,
        ModelMatchesRound = matches,
    };

    private IRenderedComponent<WearPriceTable> RenderTable(params WearPublicationView[] publications) =>
        Render<WearPriceTable>(parameters => parameters.Add(table => table.Publications, publications));

    [Fact]
    public void ListsEachPublicationWithAColumnPerChemistryAndMarksTheOneInForce()
    {
        var table = RenderTable(
            Publication(4, inForce: false, matches: true, ("NCM", 171), ("LFP", 98)),
            Publication(6, inForce: true, matches: true, ("NCM", 164), ("LFP", 102), ("NCA", 216)));

        Assert.Equal(["Battery round", "Model", "LFP", "NCA", "NCM", "Assumptions", "Block", "State"], table.FindAll("th").Select(h => h.TextContent));
        var rows = table.FindAll("tr.wear-row");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["4", "0.0980", "—", "0.1710"], Cells(rows[0]));
        Assert.Equal(["6", "0.1020", "0.2160", "0.1640"], Cells(rows[1]));
        Assert.Equal("replaced", rows[0].QuerySelector(".badge-unchecked")!.TextContent);
        Assert.Equal("in force", rows[1].QuerySelector(".badge-match")!.TextContent);
        Assert.Empty(table.FindAll(".badge-mismatch"));
    }

    [Fact]
    public void APublicationWhoseModelIsNotTheRoundsIsFlagged()
    {
        var table = RenderTable(Publication(5, inForce: true, matches: false, ("LFP", 98)));

        Assert.Equal("not the round's model", table.Find(".badge-mismatch").TextContent);
    }

    [Fact]
    public void WithoutPublicationsItSaysDispatchUsesTheOperatorsDefaults()
    {
        var table = RenderTable();

        Assert.Contains("No wear prices are published yet", table.Find("p.empty").TextContent, StringComparison.Ordinal);
        Assert.Empty(table.FindAll("table"));
    }

    private static string[] Cells(AngleSharp.Dom.IElement row)
    {
        var cells = row.QuerySelectorAll("td.num").Select(c => c.TextContent.Trim()).ToArray();
        return cells[..^1];
    }
}
