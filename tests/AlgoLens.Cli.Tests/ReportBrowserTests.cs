using AlgoLens.Models;
using System.Diagnostics;
using System.Text.Json;
using AlgoLens.Analysis.Run;
using AlgoLens.Reports;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// Opens a real report in headless Chromium (Debian's `chromium`, which .ci/run installs) and checks
/// that every figure was laid out with a non-empty box and drew visible marks, and that every
/// embedded PNG decodes.
/// </summary>
public class ReportBrowserTests
{
    // Injected into a copy of the report: measures each figure after layout and writes the result
    // into the DOM, which --dump-dom prints once the page (and the virtual-time budget) has settled.
    private const string Probe = """
        <script>
        window.addEventListener('load', async () => {
          const figures = [...document.querySelectorAll('[data-figure]')];
          const results = [];
          for (const f of figures) {
            const svgs = [...f.querySelectorAll('svg')];
            const box = f.getBoundingClientRect();
            const marks = [...f.querySelectorAll('path, rect, line, polyline, circle, image')]
              .filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 || b.height > 0; }).length;
            let imagesOk = true;
            for (const img of f.querySelectorAll('image')) {
              try { const i = new Image(); i.src = img.getAttribute('href') || img.getAttribute('xlink:href'); await i.decode(); imagesOk = imagesOk && i.naturalWidth > 0; }
              catch (e) { imagesOk = false; }
            }
            results.push({ id: f.getAttribute('data-figure'), width: box.width, height: box.height, svgs: svgs.length, marks, imagesOk });
          }
          const out = document.createElement('pre');
          out.id = 'probe-result';
          const marker = '@@' + 'RESULT' + '@@'; // built here so the script's own text never matches
          out.textContent = marker + JSON.stringify(results) + marker;
          document.body.appendChild(out);
        });
        </script>
        """;

    [Fact]
    public async Task EveryFigureOfTheReportRendersInChromium()
    {
        string chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: `apt-get install chromium` (.ci/run does this).");

        string run = Cli.NewDirectory();
        var task = TaskRegistry.Create("add", new TaskOptions { P = 11 });
        var model = ((HookedTransformerConfig)Presets.Small.Model) with { DModel = 32, NHeads = 2, DHead = 16, DMlp = 64 };
        new Trainer(task, model, Presets.Small.Training with { Steps = 300, TrainFraction = 0.6, LearningRate = 3e-3, LogEvery = 25, CheckpointEvery = 50 }).Run(run);
        RunAnalyzer.Analyze(run);
        // A patching sweep, so that its heatmaps are among the figures laid out.
        var (patchCode, patchOutput) = Cli.Run(["patch", run, "--clean", "3 5 =; 2 4 =", "--corrupt", "3 6 =; 2 7 ="]);
        Assert.True(patchCode == 0, patchOutput);
        // The report reads analysis outputs only: without checkpoints it must still build.
        Directory.Delete(Path.Combine(run, "checkpoints"), recursive: true);
        var report = RunReport.Build(run);
        Assert.Contains("patching-activation-heads", report.FigureIds);
        Assert.Contains("patching-activation-resid", report.FigureIds);
        string html = report.ToHtml();
        string page = Path.Combine(run, "probe.html");
        File.WriteAllText(page, html.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));

        var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(run, "chromium-profile")}",
            "--window-size=1280,2000", "--virtual-time-budget=10000", "--dump-dom", "file://" + page,
        })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(); // a hung browser fails through the run's hang timeout
        string dom = await stdout;
        const string Marker = "@@RESULT@@";
        int start = dom.IndexOf(Marker, StringComparison.Ordinal);
        int end = dom.LastIndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the probe did not run; Chromium output:\n" + dom[..Math.Min(dom.Length, 2000)]);
        string json = System.Net.WebUtility.HtmlDecode(dom[(start + Marker.Length)..end]);
        var figures = JsonSerializer.Deserialize<List<FigureResult>>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

        Assert.Equal(report.FigureIds, figures.Select(f => f.Id));
        Assert.True(figures.Count >= 10, $"only {figures.Count} figures");
        foreach (var f in figures)
        {
            Assert.True(f.Width > 50 && f.Height > 50, $"figure {f.Id} has an empty box ({f.Width}x{f.Height})");
            Assert.True(f.Svgs > 0, $"figure {f.Id} has no SVG");
            Assert.True(f.Marks > 5, $"figure {f.Id} drew only {f.Marks} marks");
            Assert.True(f.ImagesOk, $"figure {f.Id} has an image that does not decode");
        }
    }

    private sealed record FigureResult(string Id, double Width, double Height, int Svgs, int Marks, bool ImagesOk);
}
