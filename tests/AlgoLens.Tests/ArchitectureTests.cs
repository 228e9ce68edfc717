using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace AlgoLens.Tests;

/// <summary>
/// The layering of the library, checked on the compiled assemblies: a layer of src/AlgoLens may use
/// the layers it lists and nothing else of AlgoLens, so a type that reaches up (a task that runs a
/// model, a model that knows the trainer) fails here with the offending types named. Folders are
/// namespaces, so a layer is a namespace with everything below it.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>
    /// Each layer of src/AlgoLens, bottom to top, with the layers it may use; every other layer is
    /// forbidden to it, one rule per (layer, forbidden layer) pair. A layer is its namespace and
    /// those below it, less the ones a more specific layer names (Reports.Charts and Reports.Html,
    /// the chart library and the page's building blocks that measures draw their sections with, sit
    /// below Analysis; the report assembled from those sections sits above it). Below all of them
    /// sits the engine, AlgoLens.Tensors, which any layer may use and which uses none; above all of
    /// them the CLI, AlgoLens.Cli, which no library project references.
    /// </summary>
    private static readonly (string Layer, string[] MayUse)[] Layers =
    [
        ("Common", []),
        ("Data", ["Common"]),
        ("Tasks", ["Common", "Data"]),
        ("Models", ["Common", "Data"]),
        ("IO", ["Common", "Data", "Models"]),
        ("Reports.Charts", ["Common", "IO"]),
        ("Reports.Html", ["Common", "IO", "Reports.Charts"]),
        ("Training", ["Common", "Data", "Tasks", "Models", "IO"]),
        ("Analysis", ["Common", "Data", "Tasks", "Models", "IO", "Reports.Charts", "Reports.Html", "Training"]),
        ("Plugins", ["Common", "Data", "Tasks", "Models", "IO", "Reports.Charts", "Reports.Html", "Training", "Analysis"]),
        ("Reports", ["Common", "Data", "Tasks", "Models", "IO", "Reports.Charts", "Reports.Html", "Training", "Analysis", "Plugins"]),
    ];

    private static readonly System.Reflection.Assembly Library = typeof(global::AlgoLens.Models.IModel).Assembly;

    private static readonly System.Reflection.Assembly Engine = typeof(global::AlgoLens.Tensors.Tensor).Assembly;

    private static readonly Architecture Code = new ArchLoader().LoadAssemblies(Library, Engine).Build();

    /// <summary>Every (layer, layer it must not use) pair of <see cref="Layers"/>.</summary>
    public static TheoryData<string, string> ForbiddenPairs()
    {
        var pairs = new TheoryData<string, string>();
        foreach (var (layer, mayUse) in Layers)
        {
            foreach (var (other, _) in Layers)
            {
                if (other != layer && !mayUse.Contains(other))
                {
                    pairs.Add(layer, other);
                }
            }
        }
        return pairs;
    }

    [Theory]
    [MemberData(nameof(ForbiddenPairs))]
    public void A_layer_does_not_use_a_layer_it_does_not_list(string layer, string forbidden)
    {
        string allowed = string.Join(", ", Layers.Single(l => l.Layer == layer).MayUse.DefaultIfEmpty("no other layer"));
        // Types that reside in the layer must exist: a layer left empty means the table is stale.
        IArchRule rule = Types().That().ResideInNamespaceMatching(Namespaces(layer))
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(Namespaces(forbidden))
            .Because($"{layer} may use {allowed} (ArchitectureTests.Layers)");
        rule.Check(Code);
    }

    [Fact]
    public void Every_namespace_of_the_library_is_in_a_layer()
    {
        var outside = Code.Types
            .Where(t => t.Assembly.FullName == Library.FullName)
            .Select(t => t.Namespace.FullName)
            // Compiler-generated helpers (<PrivateImplementationDetails>, regex sources) have no namespace.
            .Where(ns => ns.Length > 0 && !Layers.Any(l => Regex.IsMatch(ns, Namespaces(l.Layer))))
            .Distinct()
            .ToList();
        Assert.True(outside.Count == 0, $"Namespaces in no layer of ArchitectureTests.Layers (add them to the table): {string.Join(", ", outside)}");
    }

    [Fact]
    public void The_engine_uses_no_other_AlgoLens_namespace()
    {
        IArchRule rule = Types().That().ResideInAssembly(Engine)
            .Should().ResideInNamespaceOrBelow("AlgoLens.Tensors")
            .AndShould().NotDependOnAnyTypesThat().ResideInNamespaceMatching(OutsideTheEngine)
            .Because("the engine knows nothing of models, tasks or training and can be used on its own");
        rule.Check(Code);
    }

    /// <summary>
    /// The namespaces of <paramref name="layer"/> as a pattern: AlgoLens.LAYER and those below it,
    /// less those of a more specific layer of the table.
    /// </summary>
    private static string Namespaces(string layer)
    {
        var nested = Layers.Select(l => l.Layer)
            .Where(other => other.StartsWith(layer + ".", StringComparison.Ordinal))
            .Select(other => Regex.Escape(other[(layer.Length + 1)..]))
            .ToList();
        string exceptNested = nested.Count == 0 ? "" : $@"(?!\.({string.Join("|", nested)})(\.|$))";
        return $@"^AlgoLens\.{Regex.Escape(layer)}{exceptNested}(\..*)?$";
    }

    /// <summary>AlgoLens and every namespace below it, except AlgoLens.Tensors and its own.</summary>
    private const string OutsideTheEngine = @"^AlgoLens(\.(?!Tensors(\.|$)).*)?$";
}
