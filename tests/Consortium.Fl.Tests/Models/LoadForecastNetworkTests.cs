using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Consortium.Fl.Tests.Models;

public class LoadForecastNetworkTests
{
    public static TheoryData<LoadForecastArchitecture> Architectures => new()
    {
        new LoadForecastArchitecture(16, 1),
        new LoadForecastArchitecture(8, 2),
        new LoadForecastArchitecture(16, 1, ForecastModelKind.Mlp),
        new LoadForecastArchitecture(8, 3, ForecastModelKind.Mlp),
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ParametersSetIntoTheNetworkComeBackUnchanged(LoadForecastArchitecture architecture)
    {
        var parameters = architecture.InitialParameters(5);
        using var network = LoadForecastNetwork.Create(architecture);

        network.SetParameters(parameters);

        Assert.Equal(parameters, network.GetParameters());
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void FlatLayoutPutsTheOutputBiasLast(LoadForecastArchitecture architecture)
    {
        var parameters = new float[architecture.ParameterCount];
        for (var h = 0; h < architecture.Horizon; h++)
        {
            parameters[^(architecture.Horizon - h)] = h;
        }

        using var network = LoadForecastNetwork.Create(architecture);
        network.SetParameters(parameters);
        using var input = Week(load: 1f);
        using var output = network.forward(input);

        // Every weight is zero, so the output is the output layer's bias times the window level, 1 here.
        Assert.Equal(Enumerable.Range(0, 24).Select(h => (float)h), output.data<float>().ToArray());
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ForwardMapsABatchOfWeeksToADayOfForecasts(LoadForecastArchitecture architecture)
    {
        using var network = LoadForecastNetwork.Create(architecture);
        using var input = rand(3, ForecastWindows.InputHours, LoadHistory.FeaturesPerHour);
        using var output = network.forward(input);
        Assert.Equal([3L, 24L], output.shape);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ForecastScalesWithTheLevelOfTheWeek(LoadForecastArchitecture architecture)
    {
        using var network = LoadForecastNetwork.Create(architecture);
        network.SetParameters(architecture.InitialParameters(9));
        using var week = rand(2, ForecastWindows.InputHours, LoadHistory.FeaturesPerHour);
        using var doubled = week.clone();
        using (no_grad())
        {
            using var loads = doubled[.., .., 0];
            using var two = 2f.ToScalar();
            loads.mul_(two);
        }

        using var once = network.forward(week);
        using var twice = network.forward(doubled);

        var expected = once.data<float>().ToArray().Select(v => 2 * v).ToArray();
        var actual = twice.data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-5f);
        }
    }

    [Theory]
    [InlineData(0.10f, LoadForecastArchitecture.LevelFloor)]
    [InlineData(0.25f, 0.25f)]
    [InlineData(3.00f, 3.00f)]
    public void AQuietWeekIsDividedByTheFloorRatherThanItsOwnMean(float meanLoad, float level)
    {
        // Zero weights and an output bias of 1: the forecast is the level the week was divided by.
        var architecture = new LoadForecastArchitecture(4);
        var parameters = new float[architecture.ParameterCount];
        Array.Fill(parameters, 1f, parameters.Length - architecture.Horizon, architecture.Horizon);
        using var network = LoadForecastNetwork.Create(architecture);
        network.SetParameters(parameters);
        using var input = Week(meanLoad);

        using var output = network.forward(input);

        Assert.All(output.data<float>().ToArray(), value => Assert.Equal(level, value, 1e-6f));
    }

    [Fact]
    public void MlpReadsEveryLoadButOnlyTheCalendarOfTheFirstHour()
    {
        var architecture = new LoadForecastArchitecture(8, 1, ForecastModelKind.Mlp);
        using var network = LoadForecastNetwork.Create(architecture);
        network.SetParameters(architecture.InitialParameters(4));
        using var week = rand(1, ForecastWindows.InputHours, LoadHistory.FeaturesPerHour);
        using var baseline = network.forward(week);

        Assert.Equal(baseline.data<float>().ToArray(), Forward(week, hour: 100, feature: 2));
        Assert.NotEqual(baseline.data<float>().ToArray(), Forward(week, hour: 0, feature: 2));
        Assert.NotEqual(baseline.data<float>().ToArray(), Forward(week, hour: 100, feature: 0));

        float[] Forward(Tensor input, long hour, long feature)
        {
            using var changed = input.clone();
            using (no_grad())
            {
                using var cell = changed[0, hour, feature];
                using var value = 0.77f.ToScalar();
                cell.fill_(value);
            }

            using var output = network.forward(changed);
            return output.data<float>().ToArray();
        }
    }

    [Fact]
    public void VectorOfTheWrongLengthIsRejected()
    {
        using var network = LoadForecastNetwork.Create(LoadForecastArchitecture.Default);
        Assert.Throws<ArgumentException>(() => network.SetParameters(new float[12]));
    }

    private static Tensor Week(float load)
    {
        var values = new float[ForecastWindows.InputHours * LoadHistory.FeaturesPerHour];
        for (var h = 0; h < ForecastWindows.InputHours; h++)
        {
            values[h * LoadHistory.FeaturesPerHour] = load;
        }

        return tensor(values, [1, ForecastWindows.InputHours, LoadHistory.FeaturesPerHour]);
    }
}
