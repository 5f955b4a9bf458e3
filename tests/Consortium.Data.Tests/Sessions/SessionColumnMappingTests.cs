using Consortium.Data.Sessions;

namespace Consortium.Data.Tests.Sessions;

public sealed class SessionColumnMappingTests
{
    [Fact]
    public void MappingNamesEveryColumnOfTheSchema()
    {
        var schema = SessionColumnMapping.Parse("site=Location, start=Begin ,end=Finish,kwh=Energy kWh,model=Charger Model", ";", ",", ["yyyy-MM-dd HH:mm"]);

        Assert.Equal(';', schema.Delimiter);
        Assert.Equal(',', schema.DecimalSeparator);
        Assert.Equal(["yyyy-MM-dd HH:mm"], schema.DateTimeFormats);
        Assert.Equal("Location", schema.SiteColumn);
        Assert.Equal("Begin", schema.StartColumn);
        Assert.Null(schema.StartTimeColumn);
        Assert.Equal("Finish", schema.EndColumn);
        Assert.Null(schema.EndTimeColumn);
        Assert.Equal("Energy kWh", schema.EnergyColumn);
        Assert.Equal("Charger Model", schema.ModelColumn);
        Assert.Equal("Location", schema.ChargePointColumn);
        Assert.Null(schema.ConnectorColumn);
        Assert.Null(schema.ChemistryColumn);
        Assert.Equal("Battery", SessionColumnMapping.Parse("site=S,start=B,end=E,kwh=K,chemistry=Battery", null, null, []).ChemistryColumn);
    }

    [Fact]
    public void SeparateTimeColumnsAndChargePointAreMapped()
    {
        var schema = SessionColumnMapping.Parse("site=S,chargepoint=CP,start=D1,starttime=T1,end=D2,endtime=T2,kwh=E", "tab", null, []);

        Assert.Equal('\t', schema.Delimiter);
        Assert.Equal("CP", schema.ChargePointColumn);
        Assert.Equal("T1", schema.StartTimeColumn);
        Assert.Equal("T2", schema.EndTimeColumn);
        Assert.Equal(SessionColumnMapping.DefaultTimeFormats, schema.DateTimeFormats);
    }

    [Fact]
    public void WithoutAMappingTheScottishLayoutIsRead()
    {
        var schema = SessionColumnMapping.Parse(null, null, null, []);

        Assert.Equal(SessionCsvSchema.ScottishCouncils.SiteColumn, schema.SiteColumn);
        Assert.Equal(SessionCsvSchema.ScottishCouncils.StartTimeColumn, schema.StartTimeColumn);
    }

    [Theory]
    [InlineData("site=S,start=B,end=F", "kwh")]
    [InlineData("site=S,start=B,end=F,kwh=E,power=P", "'power'")]
    [InlineData("site=S,start=B,end=F,kwh=E,site=T", "'site' twice")]
    [InlineData("site=S,start,end=F,kwh=E", "'start'")]
    [InlineData("site=S,start=,end=F,kwh=E", "'start' names no column")]
    public void BadMappingNamesTheProblem(string columns, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SessionColumnMapping.Parse(columns, null, null, []));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(";;", null, "--delimiter")]
    [InlineData("#", null, "--delimiter")]
    [InlineData("\"", null, "--delimiter")]
    [InlineData(null, ";", "--decimal")]
    [InlineData(",", ",", "both ','")]
    public void BadSeparatorsNameTheOption(string? delimiter, string? decimalSeparator, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SessionColumnMapping.Parse("site=S,start=B,end=F,kwh=E", delimiter, decimalSeparator, []));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void TimeFormatWithoutADateIsRefused()
    {
        var error = Assert.Throws<FormatException>(() => SessionColumnMapping.Parse(null, null, null, ["HH:mm"]));

        Assert.Contains("HH:mm", error.Message);
    }
}
