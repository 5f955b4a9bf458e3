using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Tests.Fleets;

public class FleetRequestTests
{
    private static readonly Fleet[] Fleets = [SmallFleets.AllDay(2)];

    [Fact]
    public void NaNInTheTargetIsRejectedNamingTheTarget()
    {
        var target = new double[SmallFleets.Steps];
        target[40] = double.NaN;

        var error = Assert.Throws<ArgumentException>(() => new FleetRequest(SmallFleets.Steps, target, Fleets));

        Assert.Equal("targetKw", error.ParamName);
        Assert.Contains("step 40", error.Message);
    }

    [Fact]
    public void ATargetOfTheWrongLengthIsRejectedNamingTheTarget()
    {
        var error = Assert.Throws<ArgumentException>(() => new FleetRequest(SmallFleets.Steps, new double[95], Fleets));
        Assert.Equal("targetKw", error.ParamName);
    }

    [Fact]
    public void ANegativeHorizonIsRejectedNamingTheHorizon()
    {
        var error = Assert.Throws<ArgumentException>(() => new FleetRequest(-96, new double[96], Fleets));
        Assert.Equal("horizonSteps", error.ParamName);
    }

    [Fact]
    public void AVehicleLeavingAfterTheHorizonIsRejectedNamingTheFleets()
    {
        var error = Assert.Throws<ArgumentException>(() => new FleetRequest(48, new double[48], Fleets));
        Assert.Equal("fleets", error.ParamName);
    }

    [Fact]
    public void AFleetWithAnArrivalSocAboveOneIsRejectedNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => new Fleet(
            [0], [4], [5.0], [50.0], [1.2], [7.0], [0.0], [0.9], [0.9], 10));
        Assert.Equal("arrivalSoc", error.ParamName);
    }
}
