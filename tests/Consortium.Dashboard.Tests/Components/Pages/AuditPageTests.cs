using System.Numerics;
using Bunit;
using Consortium.Dashboard.Audit;
using Consortium.Dashboard.Components.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace Consortium.Dashboard.Tests.Components.Pages;

public sealed class AuditPageTests : BunitContext
{
    private IRenderedComponent<AuditPage> RenderWith(IAuditSource source)
    {
        Services.AddSingleton(source);
        return Render<AuditPage>();
    }

    private IRenderedComponent<AuditPage> RenderWith(AuditSnapshot snapshot) => RenderWith(new FixedAuditSource(snapshot));

    [Fact]
    public void RendersOneRowPerRoundInTheSourceOrder()
    {
        var page = RenderWith(SampleAudit.Snapshot());

        var rounds = page.FindAll("table.rounds tbody tr.round-row").Select(row => row.GetAttribute("data-round"));

        Assert.Equal(["1", "2", "3"], rounds);
    }

    [Fact]
    public void EachRoundShowsItsTaskAndABatteryRoundNoForecastError()
    {
        var snapshot = SampleAudit.Snapshot() with { Rounds = [SampleAudit.RoundOne(), SampleAudit.BatteryRound()] };

        var page = RenderWith(snapshot);

        Assert.Equal("load forecast", page.Find("tr[data-round='1'] td.task").TextContent);
        Assert.Equal("battery health", page.Find("tr[data-round='4'] td.task").TextContent);
        Assert.DoesNotContain("3.75", page.Find("tr[data-round='4']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsTheChainAndEveryContractAddressInFull()
    {
        var page = RenderWith(SampleAudit.Snapshot());

        var chain = page.Find("section.chain").TextContent;

        Assert.Contains(SampleAudit.RpcUrl, chain);
        Assert.Contains("31337", chain);
        Assert.Contains("4,242", chain);
        Assert.Contains(SampleAudit.RegistryAddress, chain);
        Assert.Contains(SampleAudit.RoundsAddress, chain);
        Assert.Contains(SampleAudit.TokenAddress, chain);
    }

    [Fact]
    public void MismatchBadgeAppearsOnlyOnTheRoundWhoseArtifactsDisagree()
    {
        var page = RenderWith(SampleAudit.Snapshot());

        var mismatched = page.FindAll("tr.round-row")
            .Where(row => row.QuerySelector(".badge-mismatch") is not null)
            .Select(row => row.GetAttribute("data-round"));

        Assert.Equal(["2"], mismatched);
        Assert.NotNull(page.Find("tr[data-round='1'] .badge-match"));
        Assert.NotNull(page.Find("tr[data-round='3'] .badge-unchecked"));
        Assert.Contains("1 round does", page.Find("[role=alert]").TextContent);
    }

    [Fact]
    public void NoMismatchBadgeOrWarningWhenEveryRoundMatchesOrIsUnchecked()
    {
        var snapshot = SampleAudit.Snapshot() with { Rounds = [SampleAudit.RoundOne(), SampleAudit.RoundThree()] };

        var page = RenderWith(snapshot);

        Assert.Empty(page.FindAll(".badge-mismatch"));
        Assert.Empty(page.FindAll("[role=alert]"));
    }

    [Fact]
    public void ShowsAMessageInsteadOfDataWhenTheChainCannotBeRead()
    {
        var page = RenderWith(new UnreachableChainSource());

        var alert = page.Find("[role=alert]");

        Assert.Contains("The chain could not be read", alert.TextContent);
        Assert.Contains(UnreachableChainSource.Message, alert.TextContent);
        Assert.Empty(page.FindAll("table"));
    }

    [Fact]
    public void MemberBalancesReadInTokensWithTheExactAmountInTheTitle()
    {
        var page = RenderWith(SampleAudit.Snapshot());

        var balances = page.FindAll("table.members tbody tr td.num");

        Assert.Equal(["1.5 CRT", "12.345678 CRT", "0 CRT"], balances.Select(cell => cell.TextContent));
        Assert.Equal("1.500000000000000000 CRT", balances[0].GetAttribute("title"));
    }

    [Fact]
    public void ModelHashesAreShortenedWithTheFullValueKeptInTheTitle()
    {
        var page = RenderWith(SampleAudit.Snapshot());

        var modelOut = page.Find("tr[data-round='1'] td:nth-of-type(3) code");

        Assert.Equal("0xa1b2c3…8f90", modelOut.TextContent);
        Assert.Equal(SampleAudit.RoundOneModelHash, modelOut.GetAttribute("title"));
    }

    [Fact]
    public void AnOpenRoundShowsNoOutputModelFinalizeTransactionOrGas()
    {
        var page = RenderWith(SampleAudit.Snapshot());

        var cells = page.FindAll("tr[data-round='3'] td").Select(cell => cell.TextContent.Trim()).ToList();

        Assert.Equal("open", cells[0]);
        Assert.Equal("—", cells[2]);
        Assert.Equal("1", cells[3]);
        Assert.Equal("—", cells[4]);
        Assert.Equal("—", cells[5]);
    }

    [Fact]
    public void RoundRowShowsCommitsGasAndBothForecastErrors()
    {
        var page = RenderWith(SampleAudit.Snapshot());

        var cells = page.FindAll("tr[data-round='2'] td").Select(cell => cell.TextContent.Trim()).ToList();

        Assert.Equal("2", cells[3]);
        Assert.Equal("190,004", cells[5]);
        Assert.Equal("3.750", cells[6]);
        Assert.Equal("5.250", cells[7]);
    }

    [Fact]
    public void ScoresAndRewardsAreListedPerRoundUnderTheMembersNames()
    {
        var page = RenderWith(SampleAudit.Snapshot());

        var rows = page.FindAll("#round-1 tr.score-row");

        Assert.Equal(2, rows.Count);
        Assert.Contains("Dundee City Council", rows[0].TextContent);
        Assert.Contains("0.6000", rows[0].TextContent);
        Assert.Contains("0.6 CRT", rows[0].TextContent);
        Assert.Contains("Perth & Kinross Council", rows[1].TextContent);
        Assert.Contains("1 CRT", page.Find("#round-1 table.scores tfoot").TextContent);
    }

    [Fact]
    public void MemberNamesAreFoundWhateverTheCaseOfTheAddress()
    {
        var round = SampleAudit.RoundOne() with
        {
            Scores = [new ScoreView(SampleAudit.DundeeAddress.ToLowerInvariant(), 1, BigInteger.One)],
        };
        var snapshot = SampleAudit.Snapshot() with { Rounds = [round] };

        var page = RenderWith(snapshot);

        Assert.Contains("Dundee City Council", page.Find("#round-1 tr.score-row").TextContent);
    }

    [Fact]
    public void OnlyTheLatestRoundAndMismatchedRoundsStartUnfolded()
    {
        var page = RenderWith(SampleAudit.Snapshot());

        var unfolded = page.FindAll("details.round-details")
            .Where(details => details.HasAttribute("open"))
            .Select(details => details.Id);

        Assert.Equal(["round-2", "round-3"], unfolded);
    }

    [Fact]
    public void AnEmptyConsortiumSaysSoInsteadOfShowingEmptyTables()
    {
        var snapshot = SampleAudit.Snapshot() with { Members = [], Rounds = [] };

        var page = RenderWith(snapshot);

        Assert.Contains("no members yet", page.Markup);
        Assert.Contains("No round has been opened", page.Markup);
        Assert.Empty(page.FindAll("table"));
        Assert.Empty(page.FindAll("svg"));
    }
}
