package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.engine.EngineName;
import dev.parity.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Renders a small report built by hand, one failing gate, and checks every format. */
class ReportsTest {
  private static final List<String> STATS =
      List.of("count", "mean", "std", "p25", "p50", "p75", "p99", "max");

  static ValidationReport sample() {
    List<String> ids = List.of("r0", "r1", "r2");
    ElementwiseComparison.Comparisons compared =
        ElementwiseComparison.compareEach(
            List.of(
                new ElementwiseComparison.Part(
                    "probability",
                    List.of(3L),
                    Tensor.of(new float[] {0.5f, 0.25f, 0.75f}, 3),
                    Tensor.of(new float[] {0.5f, 0.25f, 0.625f}, 3),
                    new Tolerance(1e-6, 0)),
                new ElementwiseComparison.Part(
                    "hidden",
                    List.of(3L, 2L),
                    Tensor.of(new float[] {0, 1, 0, 2, 0.5f, 0}, 3, 2),
                    Tensor.of(new float[] {0, 1, 0, 2, 0.5f, 1e-7f}, 3, 2),
                    new Tolerance(1e-5, 1e-5))),
            ids,
            5);
    List<Gate> gates =
        List.of(
            Gate.atMost(
                "onnxruntime.probability.max", 1e-5, compared.outputs().get(0).absolute().max()),
            Gate.atMost(
                "onnxruntime.hidden.max", 1e-4, compared.outputs().get(1).absolute().max()));
    EngineEvaluation e =
        new EngineEvaluation(
            new EngineProvenance(
                EngineName.ONNXRUNTIME,
                "1.21.1",
                "cpu",
                "onnxruntime on cpu",
                "1.0.0/m.onnx",
                "ab"),
            compared.outputs(),
            compared.all(),
            List.of(),
            new Localisation(
                List.of(
                    new Stage(
                        Stage.Kind.PREPROCESSING,
                        "pre-processing",
                        3,
                        0,
                        0,
                        0,
                        Double.NaN,
                        -1,
                        null),
                    new Stage(Stage.Kind.OUTPUTS, "outputs", 3, 1, 1, 0.125, 0.12, 2, "r2")),
                0),
            BinaryQuality.of(
                new byte[] {0, 1, 1},
                new float[] {0.5f, 0.25f, 0.75f},
                new float[] {0.5f, 0.25f, 0.625f},
                0.5,
                0.5,
                1e-5),
            null,
            List.of(),
            gates,
            1.25);
    Provenance p =
        new Provenance(
            Instant.parse("2024-06-01T10:00:00Z"),
            3.5,
            "17",
            "vendor <&>",
            "Linux 6",
            "amd64",
            2,
            "0.1.0-test",
            "0.36.0",
            "dev.parity:purchase:1.0.0",
            "card.json",
            "cd",
            "/ref",
            "ef",
            3,
            Map.of("torch", "1.13"),
            "shipped plan");
    PreprocessingComparison pre =
        new PreprocessingComparison(3, 0, Map.of("carrier", 0L), Map.of("carrier", 0L), List.of());
    return new ValidationReport(
        p,
        pre,
        List.of(Gate.atMost("preprocessing.mismatchedRecords", 0, 0)),
        List.of(e),
        List.of(
            new EnginePairComparison(
                EngineName.ONNXRUNTIME, EngineName.PYTORCH, compared.outputs(), compared.all())),
        null);
  }

  @Test
  void render_json_holdsStatisticsUnderTheAgreedKeysAtFullPrecision() throws Exception {
    JsonNode root = JsonMapper.builder().build().readTree(new JsonReport().render(sample()));

    assertThat(root.get("schema").asText()).isEqualTo(JsonReport.SCHEMA);
    assertThat(root.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(root.get("failedGates").get(0).asText()).isEqualTo("onnxruntime.probability.max");
    for (String output : List.of("probability", "hidden", "all")) {
      JsonNode o = root.get("engines").get("onnxruntime").get("outputs").get(output);
      for (String key : STATS) {
        assertThat(o.has(key)).as(output + "." + key).isTrue();
      }
    }
    JsonNode hidden = root.get("engines").get("onnxruntime").get("outputs").get("hidden");
    assertThat(hidden.get("max").asDouble()).isEqualTo((double) 1e-7f);
    JsonNode gate = root.get("engines").get("onnxruntime").get("gates").get(0);
    assertThat(gate.get("name").asText()).isEqualTo("onnxruntime.probability.max");
    assertThat(gate.get("threshold").asDouble()).isEqualTo(1e-5);
    assertThat(gate.get("measured").asDouble()).isEqualTo(0.125);
    assertThat(gate.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(root.get("gates")).hasSize(3);
    assertThat(root.get("provenance").get("referenceSetSha256").asText()).isEqualTo("ef");
    assertThat(root.get("provenance").get("parityVersion").asText()).isEqualTo("0.1.0-test");
    assertThat(
            root.get("engines").get("onnxruntime").get("provenance").get("engineVersion").asText())
        .isEqualTo("1.21.1");
    assertThat(root.get("matrix").get(0).get("outputs").get("all").get("p99").isNumber()).isTrue();
  }

  @Test
  void render_junit_isWellFormedWithOneTestcasePerGateAndTheFailure() throws Exception {
    String xml = new JunitReport().render(sample());
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

    assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(3);
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    assertThat(
            doc.getElementsByTagName("failure")
                .item(0)
                .getAttributes()
                .getNamedItem("message")
                .getNodeValue())
        .contains("exceeds threshold");
  }

  @Test
  void render_consoleAndMarkdown_nameTheFailedGateAndUseTheSeedsRows() {
    ValidationReport report = sample();
    String console = new ConsoleReport().render(report);
    String markdown = new MarkdownReport().render(report);

    assertThat(console)
        .contains("Item  | probability | hidden")
        .contains("Count | 3 ")
        .contains("Max   | 1.25E-01")
        .contains("FAIL  onnxruntime.probability.max: measured 1.25E-01 exceeds threshold 1.00E-05")
        .contains("Parity 0.1.0-test, Java 17")
        .endsWith("FAIL: 1 of 3 gates failed: onnxruntime.probability.max\n");
    assertThat(markdown)
        .startsWith("# Parity validation: FAIL")
        .contains("| `onnxruntime.probability.max` | 1.00E-05 | 1.25E-01 |")
        .contains("| P99 |");
  }

  @Test
  void render_everyFormat_leadsEachEngineWithItsFirstDivergence() throws Exception {
    ValidationReport report = sample();
    String lead =
        "first divergence: outputs in 1 of 3 records (max 1.25E-01), e.g. record 2 (r2); every"
            + " earlier stage within tolerance";

    assertThat(new ConsoleReport().render(report))
        .contains("  " + lead + "\n")
        .contains("Stage          | Records | Beyond tolerance | First diverging here");
    assertThat(new MarkdownReport().render(report)).contains("**" + lead + "**");
    assertThat(new HtmlReport().render(report))
        .contains(lead)
        .contains("aria-label=\"max and P99 difference per stage\"");
    JsonNode l =
        JsonMapper.builder()
            .build()
            .readTree(new JsonReport().render(report))
            .get("engines")
            .get("onnxruntime")
            .get("localisation");
    assertThat(l.get("firstDivergence").get("label").asText()).isEqualTo("outputs");
    assertThat(l.get("stages")).hasSize(2);
    assertThat(l.get("lead").asText()).isEqualTo(lead);
  }

  @Test
  void render_driftRun_showsBothRunsSideBySideAndNamesTheCardChange() throws Exception {
    ValidationReport parity = sample();
    ValidationReport drift =
        new ValidationReport(
            parity.provenance(),
            null,
            List.of(),
            parity.engines(),
            List.of(),
            new Drift(
                "dev.parity:purchase:0.9.0",
                "aa",
                "dev.parity:purchase:1.0.0",
                "cd",
                Map.of("tool", "parity predict", "djl", "0.35.0"),
                Map.of("tool", "parity validate", "djl", "0.36.0")));

    String console = new ConsoleReport().render(drift);

    assertThat(console)
        .contains("Drift run: the new release against an earlier run")
        .contains("The model card changed since the reference run (dev.parity:purchase:0.9.0 ->")
        .contains("|JVM - earlier run|")
        .contains("Pre-processing: not compared (the reference set holds no raw records)");
    assertThat(console).containsPattern("djl +\\| 0\\.35\\.0 +\\| 0\\.36\\.0");
    JsonNode root = JsonMapper.builder().build().readTree(new JsonReport().render(drift));
    assertThat(root.get("mode").asText()).isEqualTo("drift");
    assertThat(root.get("drift").get("cardChanged").asBoolean()).isTrue();
    assertThat(new MarkdownReport().render(drift)).contains("## Drift run");
    assertThat(new HtmlReport().render(drift)).contains("<h2>Drift run</h2>");
  }

  @Test
  void render_html_isSelfContainedWithAnInlineHistogram() {
    String html = new HtmlReport().render(sample());

    assertThat(html).contains("<svg").contains("exactly 0").contains("vendor &lt;&amp;&gt;");
    assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
  }

  @Test
  void write_folder_writesTheFourFiles(@TempDir Path dir) throws Exception {
    List<Path> files = ReportFiles.write(sample(), dir.resolve("out"));

    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .containsExactly("report.json", "report.md", "junit.xml", "report.html");
    assertThat(files).allMatch(f -> f.toFile().length() > 0);
  }
}
