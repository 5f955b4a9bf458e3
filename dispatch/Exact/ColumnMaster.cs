using Consortium.Dispatch.Fleets;
using Google.OrTools.LinearSolver;

namespace Consortium.Dispatch.Exact;

/// <summary>
/// The coordinator's side of the price decomposition (<see cref="PriceDecomposition"/>): a linear programme in GLOP that
/// mixes the columns the operators sent, each an aggregate profile and own cost of one group of one operator's vehicles,
/// into the consortium's cheapest dispatch, and whose duals are the next prices. It sees aggregates and costs only.
/// </summary>
/// <remarks>
/// <para>Rows: the balance of each step, Σ columns − over + under = target (over and under priced at the deviation
/// penalty, Δt applied, in tiers when the options ask for a steeper price on larger deviations); each operator's site limit at a step, Σ its columns within ±limit, added once a mix breaks it; and one convexity row per group, its weights
/// summing to one. Every group starts with its idle column (no power, the shortfall of every need), so the master is
/// feasible from the first solve whatever the limits. Columns are added as the operators price them and the programme is re-solved from its last basis.</para>
/// </remarks>
internal sealed class ColumnMaster : IDisposable
{
    private readonly Solver _solver;
    private readonly Objective _objective;
    private readonly MPSolverParameters _parameters;
    private readonly Constraint[] _balance;
    private readonly Constraint?[][] _site;
    private readonly Constraint[][] _convexity;
    private readonly List<(Variable Weight, int Column)>[][] _columns;
    private readonly List<(Variable Weight, double[] AggregateKw)>[] _operatorColumns;
    private readonly double[] _target;
    private readonly double[] _siteLimit;
    private readonly double[] _tierPriceKw;
    private readonly double _tierKw;

    /// <summary>
    /// A master over <paramref name="targetKw"/> for operators with <paramref name="siteLimitKw"/> and <paramref name="groups"/>
    /// groups each; deviations priced in <paramref name="tiers"/> of <paramref name="tierKw"/> (see <see cref="PriceDecompositionOptions.DeviationTiers"/>).
    /// </summary>
    public ColumnMaster(double[] targetKw, DispatchCosts costs, IReadOnlyList<double> siteLimitKw, IReadOnlyList<int> groups, int tiers = 1, double tierKw = 0)
    {
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools could not create a GLOP solver.");
        _objective = _solver.Objective();
        _objective.SetMinimization();
        _parameters = new MPSolverParameters();
        _parameters.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_OFF);
        _parameters.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)MPSolverParameters.LpAlgorithmValues.PRIMAL);

        // GLOP calls a solution whose last refactorization lost precision ABNORMAL (on masters of a few hundred columns whose
        // costs span fifteen orders of magnitude). Its duals are still duals: the lower bound is valid for any duals, and
        // the mix is judged by replaying it, so such a solution is used rather than thrown away.
        if (!_solver.SetSolverSpecificParametersAsString("change_status_to_imprecise: false"))
        {
            throw new InvalidOperationException("GLOP refused the parameter change_status_to_imprecise.");
        }

        _target = targetKw;
        var steps = targetKw.Length;
        var penalty = FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
        _tierKw = tierKw;
        _tierPriceKw = [.. Enumerable.Range(0, tiers).Select(j => ((2 * j) + 1) * penalty)];
        _balance = new Constraint[steps];
        for (var t = 0; t < steps; t++)
        {
            _balance[t] = _solver.MakeConstraint(_target[t], _target[t], "");
            for (var j = 0; j < tiers; j++)
            {
                var width = j < tiers - 1 ? tierKw : double.PositiveInfinity;
                var over = _solver.MakeNumVar(0, width, "");
                var under = _solver.MakeNumVar(0, width, "");
                _balance[t].SetCoefficient(over, -1);
                _balance[t].SetCoefficient(under, 1);
                _objective.SetCoefficient(over, _tierPriceKw[j]);
                _objective.SetCoefficient(under, _tierPriceKw[j]);
            }
        }

        var operators = groups.Count;
        _site = new Constraint?[operators][];
        _convexity = new Constraint[operators][];
        _columns = new List<(Variable, int)>[operators][];
        _siteLimit = new double[operators];
        _operatorColumns = new List<(Variable, double[])>[operators];
        for (var o = 0; o < operators; o++)
        {
            var limit = siteLimitKw[o];
            _siteLimit[o] = limit;
            _site[o] = new Constraint?[steps];
            _operatorColumns[o] = [];
            _convexity[o] = new Constraint[groups[o]];
            _columns[o] = new List<(Variable, int)>[groups[o]];
            for (var g = 0; g < groups[o]; g++)
            {
                _convexity[o][g] = _solver.MakeConstraint(1, 1, "");
                _columns[o][g] = [];
            }
        }
    }

    /// <summary>Aggregate powers at or below this many kW enter as zero (float sums leave dust that only troubles the simplex).</summary>
    private const double CoefficientFloorKw = 1e-6;

    /// <summary>The steepest deviation price per kW of one step: no balance dual can exceed it in size.</summary>
    public double MaxPriceKw => _tierPriceKw[^1];

    /// <summary>Columns added so far.</summary>
    public int Columns { get; private set; }

    /// <summary>The objective of the last solve: the cost of the best mix of the columns so far, an upper bound.</summary>
    public double Objective => _objective.Value();

    /// <summary>
    /// Adds one group's column: its aggregate profile and own cost, made by the operator's <paramref name="column"/>-th
    /// prices (or <see cref="PriceWeight.Idle"/>, <see cref="PriceWeight.Current"/>). The master keeps
    /// <paramref name="aggregateKw"/>: pass an array of its own.
    /// </summary>
    public void Add(int op, int group, double[] aggregateKw, double ownCost, int column)
    {
        var weight = _solver.MakeNumVar(0, double.PositiveInfinity, "");
        _objective.SetCoefficient(weight, ownCost);
        _convexity[op][group].SetCoefficient(weight, 1);
        for (var t = 0; t < aggregateKw.Length; t++)
        {
            if (Math.Abs(aggregateKw[t]) > CoefficientFloorKw)
            {
                _balance[t].SetCoefficient(weight, aggregateKw[t]);
                _site[op][t]?.SetCoefficient(weight, aggregateKw[t]);
            }
        }

        _columns[op][group].Add((weight, column));
        _operatorColumns[op].Add((weight, aggregateKw));
        Columns++;
    }

    /// <summary>
    /// Solves, adding the site-limit rows the mix breaks until it breaks none: a site row exists only where a mix has
    /// needed it, which keeps the programme small (most steps never come near an operator's limit).
    /// </summary>
    /// <exception cref="InvalidOperationException">GLOP did not end OPTIMAL (every group's idle column keeps it feasible, so that is numerical trouble).</exception>
    public void Solve()
    {
        while (true)
        {
            SolveOnce();
            if (AddBrokenSiteRows() == 0)
            {
                return;
            }
        }
    }

    private void SolveOnce()
    {
        var status = _solver.Solve(_parameters);
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            // A warm start GLOP could not finish: solve from scratch by the dual simplex before giving up.
            _solver.Reset();
            using var cold = new MPSolverParameters();
            cold.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)MPSolverParameters.LpAlgorithmValues.DUAL);
            status = _solver.Solve(cold);
        }

        if (status != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException($"The decomposition's master programme ended {status} instead of OPTIMAL.");
        }
    }

    private int AddBrokenSiteRows()
    {
        // Read the whole solution first: adding a row invalidates it.
        var broken = new List<(int Operator, int Step)>();
        var activity = new double[_target.Length];
        for (var o = 0; o < _site.Length; o++)
        {
            var limit = _siteLimit[o];
            if (!double.IsFinite(limit))
            {
                continue;
            }

            Array.Clear(activity);
            foreach (var (weight, aggregate) in _operatorColumns[o])
            {
                var w = weight.SolutionValue();
                if (w > 0)
                {
                    for (var t = 0; t < activity.Length; t++)
                    {
                        activity[t] += w * aggregate[t];
                    }
                }
            }

            for (var t = 0; t < activity.Length; t++)
            {
                if (_site[o][t] is null && Math.Abs(activity[t]) > limit * (1 + 1e-9))
                {
                    broken.Add((o, t));
                }
            }
        }

        foreach (var (o, t) in broken)
        {
            var row = _solver.MakeConstraint(-_siteLimit[o], _siteLimit[o], "");
            foreach (var (weight, aggregate) in _operatorColumns[o])
            {
                if (Math.Abs(aggregate[t]) > CoefficientFloorKw)
                {
                    row.SetCoefficient(weight, aggregate[t]);
                }
            }

            _site[o][t] = row;
        }

        SiteRows += broken.Count;
        return broken.Count;
    }

    /// <summary>Site-limit rows the mixes have needed so far.</summary>
    public int SiteRows { get; private set; }

    /// <summary>
    /// The duals of the last solve: <paramref name="balance"/>[t] per step (kept within ± the steepest deviation price per kW),
    /// <paramref name="site"/>[o][t] per operator and step (zero where the operator has no limit), <paramref name="convexity"/>[o][g].
    /// </summary>
    public void Duals(double[] balance, double[][] site, double[][] convexity)
    {
        for (var t = 0; t < balance.Length; t++)
        {
            balance[t] = Math.Clamp(_balance[t].DualValue(), -MaxPriceKw, MaxPriceKw);
        }

        for (var o = 0; o < site.Length; o++)
        {
            for (var t = 0; t < site[o].Length; t++)
            {
                site[o][t] = _site[o][t]?.DualValue() ?? 0;
            }

            for (var g = 0; g < convexity[o].Length; g++)
            {
                convexity[o][g] = _convexity[o][g].DualValue();
            }
        }
    }

    /// <summary>
    /// The Lagrangian part the coupling rows contribute at duals (<paramref name="balance"/>, <paramref name="site"/>):
    /// Σₜ yₜ·targetₜ − Σₒₜ |σₒₜ|·limitₒ, less, with deviation tiers, Σₜ Σⱼ max(0, |yₜ| − priceⱼ)·width over the bounded
    /// tiers (the least of a tiered deviation's price less yₜ times it). Added to the operators' minimised priced costs it
    /// is a lower bound on the dispatch's linear programme for any balance duals within ± the steepest deviation price.
    /// </summary>
    public double BoundConstant(double[] balance, double[][] site)
    {
        var constant = 0.0;
        for (var t = 0; t < balance.Length; t++)
        {
            constant += balance[t] * _target[t];
            for (var j = 0; j < _tierPriceKw.Length - 1; j++)
            {
                constant -= Math.Max(0, Math.Abs(balance[t]) - _tierPriceKw[j]) * _tierKw;
            }
        }

        for (var o = 0; o < site.Length; o++)
        {
            if (double.IsFinite(_siteLimit[o]))
            {
                for (var t = 0; t < site[o].Length; t++)
                {
                    constant -= Math.Abs(site[o][t]) * _siteLimit[o];
                }
            }
        }

        return constant;
    }

    /// <summary>The weights of the last solve per operator and group: (column index, weight) for every weight above zero.</summary>
    public List<(int Column, double Weight)>[][] Mix()
    {
        var mix = new List<(int, double)>[_columns.Length][];
        for (var o = 0; o < _columns.Length; o++)
        {
            mix[o] = new List<(int, double)>[_columns[o].Length];
            for (var g = 0; g < _columns[o].Length; g++)
            {
                var weights = new List<(int, double)>();
                var total = 0.0;
                foreach (var (variable, column) in _columns[o][g])
                {
                    var w = variable.SolutionValue();
                    if (w > 1e-9)
                    {
                        weights.Add((column, w));
                        total += w;
                    }
                }

                // Renormalise what rounding left of the convexity row.
                for (var k = 0; k < weights.Count; k++)
                {
                    weights[k] = (weights[k].Item1, weights[k].Item2 / total);
                }

                mix[o][g] = weights;
            }
        }

        return mix;
    }

    public void Dispose()
    {
        _parameters.Dispose();
        _solver.Dispose();
    }
}
