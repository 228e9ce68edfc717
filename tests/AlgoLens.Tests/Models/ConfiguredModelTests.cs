using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Models.ToySuperposition;

namespace AlgoLens.Tests.Models;

/// <summary>What every built-in kind inherits from <see cref="ConfiguredModel{TConfig}"/>: the config
/// checked before any parameter exists, kept as given, and the kind named by it.</summary>
public class ConfiguredModelTests
{
    [Fact]
    public void EachKindKeepsItsConfigAndIsNamedByIt()
    {
        var transformerConfig = new HookedTransformerConfig();
        var transformer = new HookedTransformer(transformerConfig);
        Assert.Same(transformerConfig, transformer.Config);
        Assert.Same(transformerConfig, transformer.ModelConfig);
        Assert.Equal(HookedTransformer.KindName, transformer.Kind);

        var mlpConfig = new MlpConfig();
        var mlp = new HookedMlp(mlpConfig);
        Assert.Same(mlpConfig, mlp.ModelConfig);
        Assert.Equal(HookedMlp.KindName, mlp.Kind);

        var toyConfig = new ToySuperpositionConfig();
        var toy = new ToySuperpositionModel(toyConfig);
        Assert.Same(toyConfig, toy.ModelConfig);
        Assert.Equal(ToySuperpositionModel.KindName, toy.Kind);
    }

    [Fact]
    public void AnInvalidOrMissingConfigIsRefusedBeforeAnyParameter()
    {
        Assert.Throws<ArgumentNullException>(() => new HookedMlp(null!));
        Assert.Throws<ModelConfigException>(() => new HookedMlp(new MlpConfig { NCtx = 0 }));
        Assert.Throws<ModelConfigException>(() => new ToySuperpositionModel(new ToySuperpositionConfig { NFeatures = 0 }));
        Assert.Throws<ModelConfigException>(() => new HookedTransformer(new HookedTransformerConfig { DModel = 0 }));
    }
}
