using LiveBuddy.Scoring.Engagement;
using LiveBuddy.Scoring.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace LiveBuddy.Training;

/// <summary>
/// Reads the numbers out of trained ML.NET models into the plain forms the server serves (<see cref="LinearModel"/>
/// weights, <see cref="EngagementTrees"/>), so only training ever loads ML.NET.
/// </summary>
public static class MlNetModels
{
    /// <summary>Reads the weights out of a saved ML.NET multiclass model (maximum entropy).</summary>
    public static LinearModel LoadLinear(MLContext ml, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var transformer = ml.Model.Load(path, out _);
        return LinearFrom(transformer) ?? throw new InvalidDataException($"{path} is not a maximum-entropy model.");
    }

    public static LinearModel? LinearFrom(ITransformer transformer)
    {
        var parameters = transformer switch
        {
            MulticlassPredictionTransformer<MaximumEntropyModelParameters> p => p.Model,
            IEnumerable<ITransformer> chain => chain.OfType<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>().LastOrDefault()?.Model,
            _ => null,
        };
        if (parameters is null) return null;
        VBuffer<float>[] perClass = [];
        parameters.GetWeights(ref perClass, out var classes);
        var dimension = perClass[0].Length;
        var weights = new float[dimension * classes];
        for (var c = 0; c < classes; c++)
        {
            foreach (var (index, value) in perClass[c].Items())
                weights[index * classes + c] = value;
        }
        return new LinearModel(dimension, classes, weights, [.. parameters.GetBiases()]);
    }

    /// <summary>The regression trees of a trained FastTree engagement model, for serving without ML.NET.</summary>
    public static EngagementTrees TreesFrom(ITransformer transformer)
    {
        var parameters = transformer switch
        {
            RegressionPredictionTransformer<FastTreeRegressionModelParameters> p => p.Model,
            IEnumerable<ITransformer> chain => chain.OfType<RegressionPredictionTransformer<FastTreeRegressionModelParameters>>().LastOrDefault()?.Model,
            _ => null,
        } ?? throw new InvalidDataException("Not a FastTree regression model.");
        var ensemble = parameters.TrainedTreeEnsemble;
        var trees = ensemble.Trees.Select((tree, t) => new EngagementTree(
            Weight: ensemble.TreeWeights[t],
            Feature: [.. tree.NumericalSplitFeatureIndexes],
            Threshold: [.. tree.NumericalSplitThresholds],
            Left: [.. tree.LeftChild],
            Right: [.. tree.RightChild],
            Leaf: [.. tree.LeafValues])).ToArray();
        return new EngagementTrees(ensemble.Bias, trees);
    }
}
