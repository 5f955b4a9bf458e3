using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Consortium.Fl.Training;

/// <summary>
/// Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with PyTorch's default
/// β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸ and no weight decay.
/// </summary>
/// <remarks>
/// TorchSharp's own optimizers pass implicitly converted <see cref="Scalar"/> temporaries to native
/// code without keeping them reachable, so a garbage collection during the call can finalize a
/// scalar while libtorch reads it ("Unknown scalar type", seen in long runs). Here every scalar is
/// held in a field or a <c>using</c> variable for as long as native code may read it.
/// </remarks>
internal sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;

    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly double _learningRate;
    private readonly Scalar _beta1 = Beta1.ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = 1e-8.ToScalar();
    private readonly Scalar _one = 1.0.ToScalar();
    private int _steps;

    public AdamOptimizer(IReadOnlyList<Parameter> parameters, double learningRate)
    {
        _parameters = [.. parameters];
        _learningRate = learningRate;
        _firstMoments = new Tensor[_parameters.Length];
        _secondMoments = new Tensor[_parameters.Length];
        for (var i = 0; i < _parameters.Length; i++)
        {
            _firstMoments[i] = zeros_like(_parameters[i]).DetachFromDisposeScope();
            _secondMoments[i] = zeros_like(_parameters[i]).DetachFromDisposeScope();
        }
    }

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var gradient = parameter.grad;
            gradient?.zero_();
        }
    }

    /// <summary>One Adam update of every parameter from its current gradient.</summary>
    public void Step()
    {
        _steps++;
        var biasCorrection1 = 1 - Math.Pow(Beta1, _steps);
        var biasCorrection2 = 1 - Math.Pow(Beta2, _steps);
        using var stepSize = (-_learningRate / biasCorrection1).ToScalar();
        using var rootBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            using var gradient = _parameters[i].grad;
            if (gradient is null)
            {
                continue;
            }

            _firstMoments[i].mul_(_beta1).add_(gradient, _oneMinusBeta1);
            _secondMoments[i].mul_(_beta2).addcmul_(gradient, gradient, _oneMinusBeta2);
            using var root = _secondMoments[i].sqrt();
            root.div_(rootBiasCorrection2).add_(_epsilon, _one);
            _parameters[i].addcdiv_(_firstMoments[i], root, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var moment in _firstMoments)
        {
            moment.Dispose();
        }

        foreach (var moment in _secondMoments)
        {
            moment.Dispose();
        }

        _beta1.Dispose();
        _beta2.Dispose();
        _oneMinusBeta1.Dispose();
        _oneMinusBeta2.Dispose();
        _epsilon.Dispose();
        _one.Dispose();
    }
}
