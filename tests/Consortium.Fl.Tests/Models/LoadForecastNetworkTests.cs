using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using static TorchSharp.torch;

namespace Consortium.Fl.Tests.Models;

public class LoadForecastNetworkTests
{
    [Theory]
    [InlineData(16, 1)]
    [InlineData(8, 2)]
    public void ParametersSetIntoTheNetworkComeBackUnchanged(int hidden, int layers)
    {
        var architecture = new LoadForecastArchitecture(hidden, layers);
        var parameters = architecture.InitialParameters(5);
        using var network = new LoadForecastNetwork(architecture);

        network.SetParameters(parameters);

        Assert.Equal(parameters, network.GetParameters());
    }

    [Fact]
    public void FlatLayoutPutsTheHeadBiasLast()
    {
        var architecture = new LoadForecastArchitecture(4);
        var parameters = new float[architecture.ParameterCount];
        for (var h = 0; h < architecture.Horizon; h++)
        {
            parameters[^(architecture.Horizon - h)] = h;
        }

        using var network = new LoadForecastNetwork(architecture);
        network.SetParameters(parameters);
        using var input = zeros(1, ForecastWindows.InputHours, LoadHistory.FeaturesPerHour);
        using var output = network.forward(input);

        // Every weight is zero, so the output is the head's bias.
        Assert.Equal(Enumerable.Range(0, 24).Select(h => (float)h), output.data<float>().ToArray());
    }

    [Fact]
    public void ForwardMapsABatchOfWeeksToADayOfForecasts()
    {
        using var network = new LoadForecastNetwork(LoadForecastArchitecture.Default);
        using var input = rand(3, ForecastWindows.InputHours, LoadHistory.FeaturesPerHour);
        using var output = network.forward(input);
        Assert.Equal([3L, 24L], output.shape);
    }

    [Fact]
    public void VectorOfTheWrongLengthIsRejected()
    {
        using var network = new LoadForecastNetwork(LoadForecastArchitecture.Default);
        Assert.Throws<ArgumentException>(() => network.SetParameters(new float[12]));
    }
}
