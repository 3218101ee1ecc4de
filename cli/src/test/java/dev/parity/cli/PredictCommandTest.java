package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.npy.Npy;
import dev.parity.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
  @TempDir Path temp;

  private final String zoo = CliTestSupport.root().resolve("zoo").toString();

  @Test
  void call_badLinesAmongGoodOnes_reportsEachByLineAndExitsOne() throws Exception {
    Path in = temp.resolve("in.jsonl");
    Files.write(
        in,
        List.of(
            "{\"id\":\"a\",\"app_packages\":[\"com.ba.app\",\" COM.BE.ANDROID \"],\"carrier\":\"vodafone\"}",
            "{\"id\":\"b\",\"carrier\":5}",
            "not json",
            "{\"id\":\"c\"}"),
        StandardCharsets.UTF_8);
    Path out = temp.resolve("out.csv");

    CliTestSupport.Run run =
        CliTestSupport.run(
            "predict",
            "--engine",
            "onnxruntime",
            "--zoo",
            zoo,
            "--input",
            in.toString(),
            "--output",
            out.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("predicted 2 records").contains("2 could not be predicted");
    List<String> rows = Files.readAllLines(out);
    assertThat(rows).hasSize(5);
    assertThat(rows.get(1)).startsWith("\"a\",1,0.");
    assertThat(rows.get(2)).startsWith(",2,,").contains("record b").contains("carrier");
    assertThat(rows.get(3)).startsWith(",3,,").contains("not valid JSON");
    assertThat(rows.get(4)).startsWith("\"c\",4,0.");
  }

  @Test
  void call_unknownEngine_exitsTwoNamingTheKnownOnes() {
    CliTestSupport.Run run =
        CliTestSupport.run(
            "predict", "--engine", "paddle", "--input", "x.jsonl", "--output", "y.npy");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown engine 'paddle'").contains("onnxruntime");
  }

  @Test
  void call_outputIsTheFileSystemRoot_exitsTwoNamingTheFormats() {
    // A path without a file name: its format is unknown, which is bad input, not a crash.
    CliTestSupport.Run run = CliTestSupport.run("predict", "--input", "x.jsonl", "--output", "/");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "parity: error: --output must end in .npy, .jsonl or .csv, found /"
                + System.lineSeparator());
  }

  @Test
  void call_inputMissing_exitsTwoInOneLineNamingIt() {
    CliTestSupport.Run run =
        CliTestSupport.run("predict", "--input", "no-such.jsonl", "--output", "y.npy");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("parity: error: input no-such.jsonl does not exist" + System.lineSeparator());
  }

  @Test
  void call_npyOutput_oneFloatPerRecordInInputOrder() throws Exception {
    Path in = temp.resolve("in.jsonl");
    Files.write(
        in,
        List.of(
            "{\"id\":\"a\",\"device_model\":\"xiaomi ba0\"}",
            "{\"id\":\"b\",\"app_packages\":[]}",
            "{\"id\":\"c\",\"campaigns\":[\"cmp-0000001\"]}"),
        StandardCharsets.UTF_8);
    Path out = temp.resolve("p.npy");

    CliTestSupport.Run run =
        CliTestSupport.run(
            "predict",
            "--engine",
            "pytorch",
            "--zoo",
            zoo,
            "--input",
            in.toString(),
            "--output",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    float[] p = dev.parity.npy.Npy.read(out).floats();
    assertThat(p).hasSize(3);
    for (float v : p) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  /** A copy of the segment model's reference set whose one array is replaced by a narrower one. */
  private Path segmentSetWithNarrow(String file, int width) throws Exception {
    Path set =
        CliTestSupport.copyFolder(
            CliTestSupport.root().resolve("reference-outputs/dev.parity/segment"),
            temp.resolve("set"));
    long rows = Npy.read(set.resolve(file)).shape()[0];
    Npy.write(set.resolve(file), Tensor.of(new float[(int) rows * width], rows, width));
    CliTestSupport.rehash(set);
    return set;
  }

  @Test
  void call_inputFileOfAnotherShape_exitsTwoNamingTheFileTheInputAndBothShapes() throws Exception {
    Path set = segmentSetWithNarrow("input-dense.npy", 6);

    CliTestSupport.Run run =
        CliTestSupport.run(
            "predict",
            "--model",
            "dev.parity:segment",
            "--engine",
            "onnxruntime",
            "--zoo",
            zoo,
            "--inputs",
            set.toString(),
            "--output",
            temp.resolve("out.npy").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err())
        .contains("input-dense.npy")
        .contains("input dense")
        .contains("float32 [-1, 7]")
        .contains("float32 [20000, 6]");
    assertThat(temp.resolve("out.npy")).doesNotExist();
  }

  @Test
  void validate_referenceOutputOfAnotherShape_exitsTwoNamingTheFileTheOutputAndBothShapes()
      throws Exception {
    Path set = segmentSetWithNarrow("output-embedding.npy", 6);

    CliTestSupport.Run run =
        CliTestSupport.run(
            "validate",
            "--model",
            "dev.parity:segment",
            "--engines",
            "onnxruntime",
            "--zoo",
            zoo,
            "--reference",
            set.toString(),
            "--report-dir",
            temp.resolve("report").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err())
        .contains("output-embedding.npy")
        .contains("output:embedding")
        .contains("float32 [-1, 8]")
        .contains("float32 [20000, 6]");
  }
}
