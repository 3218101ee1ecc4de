package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.reference.ReferenceManifest;
import dev.parity.zoo.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result validate(String... args) {
    CommandLine cl = Parity.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "validate";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = cl.execute(all);
    return new Result(code, out.toString(), err.toString());
  }

  private Path copyReference() throws IOException {
    Path target = Files.createDirectories(dir.resolve("reference"));
    try (Stream<Path> files =
        Files.list(CliTestSupport.root().resolve("reference-outputs/dev.parity/purchase"))) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    return target;
  }

  // Adds delta to float32 values of an .npy (format 1.0) in place.
  private static void perturb(Path npy, float delta, int... positions) throws IOException {
    byte[] bytes = Files.readAllBytes(npy);
    int header = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    ByteBuffer data =
        ByteBuffer.wrap(bytes, 10 + header, bytes.length - 10 - header)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int p : positions) {
      data.putFloat(p * 4, data.getFloat(p * 4) + delta);
    }
    Files.write(npy, bytes);
  }

  // Rewrites the manifest's sha256 and size entries to match the files.
  private static void rehash(Path folder) throws IOException {
    JsonMapper json = JsonMapper.builder().build();
    Path manifest = folder.resolve("manifest.json");
    ObjectNode root = (ObjectNode) json.readTree(manifest.toFile());
    for (JsonNode f : root.withArray("files")) {
      Path file = folder.resolve(f.get("path").asText());
      ((ObjectNode) f).put("sha256", Sha256.of(file));
      ((ObjectNode) f).put("size", Files.size(file));
    }
    json.writeValue(manifest.toFile(), root);
  }

  @Test
  void call_perturbedProbabilities_exitsOneNamingTheFailedGates() throws Exception {
    Path reference = copyReference();
    perturb(reference.resolve("probability.npy"), 1e-3f, 11, 222, 3333);
    rehash(reference);
    Path reports = dir.resolve("report");

    Result r =
        validate(
            "--engines",
            "onnxruntime",
            "--reference",
            reference.toString(),
            "--report-dir",
            reports.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL  onnxruntime.probability.max: measured 1.00E-03 exceeds threshold 1.00E-05")
        .contains("PASS  onnxruntime.probability.p99")
        .contains("gates failed: onnxruntime.probability.max")
        .contains("onnxruntime.probability.overTolerance");
    JsonNode report =
        JsonMapper.builder().build().readTree(reports.resolve("report.json").toFile());
    assertThat(report.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(report.get("failedGates").toString()).contains("onnxruntime.probability.max");
    JsonNode probability =
        report.get("engines").get("onnxruntime").get("outputs").get("probability");
    assertThat(probability.get("max").asDouble()).isBetween(0.9e-3, 1.1e-3);
    assertThat(probability.get("overTolerance").asLong()).isEqualTo(3);
    assertThat(probability.get("worst").get(0).get("record").asLong()).isIn(11L, 222L, 3333L);
    assertThat(Files.readString(reports.resolve("junit.xml"))).contains("<failure");
    assertThat(reports.resolve("report.html")).exists();
    assertThat(reports.resolve("report.md")).exists();
  }

  @Test
  void call_referenceMadeForAnotherModel_exitsTwoWithAClearMessage() throws Exception {
    Path reference = copyReference();
    Path manifest = reference.resolve("manifest.json");
    String cardSha256 = ReferenceManifest.read(manifest).modelCardSha256();
    assertThat(cardSha256).isNotNull();
    Files.writeString(manifest, Files.readString(manifest).replace(cardSha256, "0".repeat(64)));

    Result r = validate("--engines", "pytorch", "--reference", reference.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("parity: error: reference set")
        .contains("was made for another model")
        .doesNotContain("\tat ");
  }

  @Test
  void call_changedReferenceFile_exitsTwoNamingTheFile() throws Exception {
    Path reference = copyReference();
    perturb(reference.resolve("hidden.npy"), 1f, 5);

    Result r = validate("--engines", "pytorch", "--reference", reference.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("hidden.npy has changed").contains("expected sha256");
  }

  @Test
  void call_unknownEngine_exitsTwoListingTheKnownOnes() {
    Result r = validate("--engines", "pytorch,caffe");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown engine 'caffe'").contains("onnxruntime");
  }

  @Test
  void call_planNamingAnUnknownEngine_exitsTwoNamingThePlanAndTheEngine() throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, "schema: parity.validation-plan/1\nengines:\n  caffe: {}\n");

    Result r = validate("--plan", plan.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(plan.toString()).contains("engines.caffe names an unknown engine");
  }

  @Test
  void call_missingReferenceFolder_exitsTwo() {
    Result r = validate("--reference", dir.resolve("nowhere").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("has no manifest.json").contains("--reference");
  }
}
