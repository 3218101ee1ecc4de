package dev.parity.cli;

import dev.parity.convert.SavedModelWriter;
import dev.parity.failure.ExitCode;
import dev.parity.file.MalformedFileException;
import dev.parity.zoo.ArtifactIntegrityException;
import dev.parity.zoo.ModelCard;
import dev.parity.zoo.ParityZoo;
import dev.parity.zoo.ZooMetadata;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity zoo}: list, verify and convert the models in a zoo folder. */
@Command(
    name = "zoo",
    mixinStandardHelpOptions = true,
    description = "List, verify and convert the models of the zoo (default: ./zoo).",
    subcommands = {ZooCommand.ListModels.class, ZooCommand.Verify.class, ZooCommand.Convert.class})
final class ZooCommand {

  /** The {@code --zoo} option every zoo command takes. */
  static final class ZooOption {
    @Option(names = "--zoo", description = "zoo folder (default: -Dparity.zoo, $PARITY_ZOO, ./zoo)")
    Path zoo;

    Path root() throws IOException {
      return zoo != null ? zoo : ParityZoo.defaultRoot();
    }
  }

  /** {@code parity zoo list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Models, versions, engines and files with their sizes.")
  static final class ListModels implements Callable<Integer> {
    @Mixin ZooOption zoo;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      ParityZoo z = new ParityZoo(zoo.root());
      out.println("zoo " + z.root());
      if (z.metadataFiles().isEmpty()) {
        out.println("  (no models)");
      }
      for (Path file : z.metadataFiles()) {
        ZooMetadata m = ZooMetadata.read(file);
        out.printf("%s:%s  %s%n", m.groupId(), m.artifactId(), m.name());
        for (String version : m.versions()) {
          out.printf("  version %s%n", version);
          for (ZooMetadata.Artifact a : m.artifacts()) {
            if (!a.version().equals(version)) {
              continue;
            }
            out.printf("    engine %-12s preset %s%n", a.engine(), a.properties().get("preset"));
            a.files()
                .forEach(
                    (key, item) ->
                        out.printf(
                            "      %-10s %-40s %12s%n", key, item.uri(), human(item.size())));
          }
        }
      }
      return 0;
    }
  }

  /** {@code parity zoo verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Check every file's size and SHA-256 against metadata.json and the model card.",
      footer = "Exit code 1 when any file is missing or differs.")
  static final class Verify implements Callable<Integer> {
    @Mixin ZooOption zoo;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      ParityZoo z = new ParityZoo(zoo.root());
      int checked = 0;
      java.util.List<String> failures = new ArrayList<>();
      for (Path file : z.metadataFiles()) {
        ZooMetadata m = ZooMetadata.read(file);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ZooMetadata.Artifact a : m.artifacts()) {
          for (ZooMetadata.Item item : a.files().values()) {
            if (!seen.add(item.uri())) {
              continue;
            }
            checked++;
            try {
              item.verifyIn(file.getParent(), "restore it from git or re-export the model");
              out.printf("  ok    %s%n", item.uri());
            } catch (ArtifactIntegrityException e) {
              out.printf("  FAIL  %s%n", item.uri());
              failures.add(e.getMessage());
            }
          }
        }
        for (String version : m.versions()) {
          Path folder = file.getParent().resolve(version);
          ModelCard card;
          try {
            card = ModelCard.read(folder.resolve("model-card.json"));
          } catch (MalformedFileException e) {
            // A card that cannot be read is one more failed file; the others are still checked.
            checked++;
            failures.add(e.getMessage());
            continue;
          }
          for (ModelCard.FileEntry f : card.files()) {
            checked++;
            try {
              f.verifyIn(folder, ModelCard.REMEDY);
            } catch (ArtifactIntegrityException e) {
              failures.add(e.getMessage());
            }
          }
        }
      }
      for (String f : failures) {
        out.println("  " + f);
      }
      out.printf(
          "%s: %d files checked, %d failed%n",
          failures.isEmpty() ? "zoo verified" : "zoo verification FAILED",
          checked,
          failures.size());
      return failures.isEmpty() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
    }
  }

  /** {@code parity zoo convert}. */
  @Command(
      name = "convert",
      mixinStandardHelpOptions = true,
      description = {
        "Write the engine artifacts Python does not export (a TensorFlow SavedModel built from"
            + " weights.npz; MXNet runs Parity's block over weights.npz directly), then"
            + " metadata.json for every engine, with checksums.",
        "Run after `scripts/parity model export`; the output is byte-for-byte reproducible."
      })
  static final class Convert implements Callable<Integer> {
    @Mixin ZooOption zoo;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Path root = zoo.root();
      java.util.List<Path> cards;
      try (Stream<Path> s = Files.walk(root.resolve("model"))) {
        cards =
            s.filter(p -> p.getFileName().toString().equals("model-card.json")).sorted().toList();
      }
      if (cards.isEmpty()) {
        throw new IOException("no model-card.json under " + root.resolve("model"));
      }
      java.util.Map<Path, java.util.List<ZooMetadata.Artifact>> byModel = new java.util.TreeMap<>();
      java.util.Map<Path, ZooMetadata> heads = new java.util.HashMap<>();
      for (Path cardFile : cards) {
        Path folder = cardFile.getParent();
        ModelCard card = ModelCard.read(cardFile);
        card.verifyFiles(folder);
        for (Path written : SavedModelWriter.write(folder, folder.resolve("tensorflow"))) {
          out.printf("  wrote %s (%s)%n", root.relativize(written), human(Files.size(written)));
        }
        ZooMetadata meta = ZooMetadata.describe(folder, card);
        Path metaFile = folder.getParent().resolve(ZooMetadata.FILE_NAME);
        byModel.computeIfAbsent(metaFile, k -> new ArrayList<>()).addAll(meta.artifacts());
        heads.put(metaFile, meta);
      }
      for (var e : byModel.entrySet()) {
        ZooMetadata h = heads.get(e.getKey());
        new ZooMetadata(
                h.metadataVersion(),
                h.resourceType(),
                h.application(),
                h.groupId(),
                h.artifactId(),
                h.name(),
                h.description(),
                h.licenses(),
                e.getValue())
            .write(e.getKey());
        out.printf("  wrote %s (%d artifacts)%n", root.relativize(e.getKey()), e.getValue().size());
      }
      return 0;
    }
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
