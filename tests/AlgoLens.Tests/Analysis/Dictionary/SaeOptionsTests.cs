using AlgoLens.Analysis.Dictionary;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Dictionary;

public class SaeOptionsTests
{
    private static readonly Tensor Rows = new(Enumerable.Range(0, 40).Select(i => (float)Math.Sin(i)).ToArray(), 10, 4);

    private static ArgumentException Fails(SparseAutoencoderOptions options, DictionaryOptions? dictionary = null, Tensor? rows = null) =>
        Assert.ThrowsAny<ArgumentException>(() => new SparseAutoencoder(options).Fit(rows ?? Rows, dictionary ?? new DictionaryOptions { Components = 4 }));

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void TopKBelowOneIsRejected(int k) =>
        Assert.Contains("give k ≥ 1", Fails(new SparseAutoencoderOptions { TopK = k }).Message);

    [Fact]
    public void TopKAboveTheComponentsIsRejected() =>
        Assert.Contains("give k ≤ the number of components", Fails(new SparseAutoencoderOptions { TopK = 5 }).Message);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ComponentsBelowOneAreRejected(int components) =>
        Assert.Contains("give at least 1 feature", Fails(new SparseAutoencoderOptions(), new DictionaryOptions { Components = components }).Message);

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void EpochsBelowOneAreRejected(int epochs)
    {
        Assert.Contains("give at least 1 pass", Fails(new SparseAutoencoderOptions { Epochs = epochs }).Message);
        Assert.Contains("give at least 1", Fails(new SparseAutoencoderOptions(), new DictionaryOptions { Components = 4, MaxIterations = epochs }).Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteActivationsAreRejected(float bad)
    {
        var data = Rows.ToArray();
        data[13] = bad;
        var message = Fails(new SparseAutoencoderOptions(), rows: new Tensor(data, 10, 4)).Message;
        Assert.Contains("row 3, column 1", message);
        Assert.Contains("remove the rows with NaN", message);
    }

    [Fact]
    public void OtherBadSettingsNameTheirFix()
    {
        Assert.Contains("give a finite value ≥ 0", Fails(new SparseAutoencoderOptions { L1Coefficient = -1 }).Message);
        Assert.Contains("give a finite value ≥ 0", Fails(new SparseAutoencoderOptions { L1Coefficient = double.NaN }).Message);
        Assert.Contains("give at least 1 row per step", Fails(new SparseAutoencoderOptions { BatchSize = 0 }).Message);
        Assert.Contains("give a finite value > 0", Fails(new SparseAutoencoderOptions { LearningRate = 0 }).Message);
        Assert.Contains("give at least 1, or none", Fails(new SparseAutoencoderOptions { DeadWindow = 0 }).Message);
        Assert.Contains("in [0, 1]", Fails(new SparseAutoencoderOptions { ResampleUntil = 1.5 }).Message);
        Assert.Contains("flatten the positions", Fails(new SparseAutoencoderOptions(), rows: Tensor.Zeros(2, 3, 4)).Message);
        Assert.Contains("at least 2 rows", Fails(new SparseAutoencoderOptions(), rows: Tensor.Zeros(1, 4)).Message);
    }

    [Fact]
    public void EncodeRejectsRowsOfAnotherWidth()
    {
        var result = new SparseAutoencoder(new SparseAutoencoderOptions { Epochs = 1 }).Fit(Rows, new DictionaryOptions { Components = 3 });
        var error = Assert.Throws<ArgumentException>(() => result.Encode(new double[2, 5]));
        Assert.Contains("give rows of the same hook", error.Message);
    }

    [Fact]
    public void NameIsSae() => Assert.Equal("sae", new SparseAutoencoder().Name);
}
