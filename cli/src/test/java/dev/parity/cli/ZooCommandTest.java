package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooCommandTest {
  @TempDir Path temp;

  private final Path zoo = CliTestSupport.root().resolve("zoo");

  @Test
  void list_committedZoo_showsEveryEngineWithItsModelFile() {
    CliTestSupport.Run run = CliTestSupport.run("zoo", "list", "--zoo", zoo.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("dev.parity:purchase")
        .contains("version 1.0.0")
        .contains("engine pytorch")
        .contains("engine onnxruntime")
        .contains("engine tensorflow")
        .contains("engine mxnet")
        .contains("1.0.0/tensorflow/saved_model.pb")
        .contains("1.0.0/mxnet/graph.json")
        .contains("1.0.0/mxnet/constants.npz")
        .contains("dev.parity:segment")
        .contains("task multiclass (logits)");
  }

  @Test
  void verify_committedZoo_passes() {
    CliTestSupport.Run run = CliTestSupport.run("zoo", "verify", "--zoo", zoo.toString());

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out()).contains("zoo verified").contains("0 failed");
  }

  @Test
  void verify_tamperedVocabulary_exitsOneNamingTheFile() throws Exception {
    Path copy = temp.resolve("zoo");
    copyTree(zoo, copy, p -> true);
    Files.writeString(
        copy.resolve("model/tabular/dev/parity/purchase/1.0.0/vocab.json"),
        " ",
        StandardOpenOption.APPEND);

    CliTestSupport.Run run = CliTestSupport.run("zoo", "verify", "--zoo", copy.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("FAIL  1.0.0/vocab.json").contains("verification FAILED");
  }

  @Test
  void convert_copyOfCommittedZoo_reproducesArtifactsCardAndMetadataByteForByte() throws Exception {
    Path copy = temp.resolve("zoo2");
    // Without the converted files and the metadata: zoo convert writes them again.
    copyTree(
        zoo,
        copy,
        p ->
            !p.getFileName().toString().equals("saved_model.pb")
                && !p.getFileName().toString().equals("constants.npz")
                && !p.getFileName().toString().equals("metadata.json"));

    CliTestSupport.Run run =
        CliTestSupport.run(
            "zoo",
            "convert",
            "--zoo",
            copy.toString(),
            "--model",
            "dev.parity:purchase",
            "--model-version",
            "1.0.0",
            "--force");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("checked against ONNX Runtime on 100000 records");
    String model = "model/tabular/dev/parity/purchase/";
    for (String f :
        new String[] {
          "metadata.json",
          "1.0.0/model-card.json",
          "1.0.0/tensorflow/saved_model.pb",
          "1.0.0/mxnet/graph.json",
          "1.0.0/mxnet/constants.npz"
        }) {
      assertThat(Files.mismatch(copy.resolve(model + f), zoo.resolve(model + f)))
          .as(f)
          .isEqualTo(-1L);
    }
  }

  private static void copyTree(Path from, Path to, Predicate<Path> files) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (files.test(p)) {
          Files.copy(p, target);
        }
      }
    }
  }
}
