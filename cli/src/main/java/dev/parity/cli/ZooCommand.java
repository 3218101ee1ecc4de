package dev.parity.cli;

import dev.parity.card.CardFile;
import dev.parity.card.ModelCard;
import dev.parity.convert.ZooConversion;
import dev.parity.engine.EngineName;
import dev.parity.failure.ExitCode;
import dev.parity.file.MalformedFileException;
import dev.parity.zoo.ArtifactIntegrityException;
import dev.parity.zoo.Sha256;
import dev.parity.zoo.ZooFolder;
import dev.parity.zoo.ZooMetadata;
import dev.parity.zoo.ZooRegistration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity zoo}: register, list, verify and convert the models in a zoo folder. */
@Command(
    name = "zoo",
    mixinStandardHelpOptions = true,
    description =
        "Register, list, verify and convert the models of the zoo (default: ./zoo). A team"
            + " registers its own model with a model card (docs/model-card.md) and zoo add.",
    subcommands = {
      ZooCommand.Add.class,
      ZooCommand.ListModels.class,
      ZooCommand.Verify.class,
      ZooCommand.Convert.class
    })
final class ZooCommand {

  /** The {@code --zoo} option every zoo command takes. */
  static final class ZooOption {
    @Option(
        names = "--zoo",
        paramLabel = "DIR",
        description = "zoo folder (default: -Dparity.zoo, $PARITY_ZOO, ./zoo)")
    Path zoo;

    ZooFolder folder() throws IOException {
      return ZooFolder.openOrDefault(zoo);
    }
  }

  /** {@code parity zoo add}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Register a model version: copy its files into the zoo, record every file's sha256 and"
            + " size in the card's files and in DJL's metadata.json, then load it under every"
            + " engine it lists and check the card's signature against each (names, dtypes,"
            + " shapes, one probe prediction). Nothing is left in the zoo when a check fails.",
      },
      footer = {
        "",
        "Example: scripts/parity zoo add --card model-card.json --file pytorch=model.pt"
            + " --file onnxruntime=model.onnx"
      })
  static final class Add implements Callable<Integer> {
    @Mixin ZooOption zoo;

    @Option(
        names = "--card",
        required = true,
        paramLabel = "FILE",
        description = "the model card (schema parity.model-card/2, docs/model-card.md)")
    Path card;

    @Option(
        names = "--file",
        paramLabel = "ENGINE=PATH",
        description =
            "an engine's file (repeatable): pytorch=model.pt, onnxruntime=model.onnx,"
                + " tensorflow=SAVEDMODEL_DIR; default: the files the card lists, next to it")
    Map<String, Path> files;

    @Option(names = "--force", description = "replace the version if it is already registered")
    boolean force;

    @Option(
        names = "--no-check",
        description = "skip loading the model under each engine (it is then checked on first use)")
    boolean noCheck;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      ZooRegistration.Builder b =
          ZooRegistration.builder()
              .setCard(card)
              .optZoo(zoo.zoo)
              .optReplace(force)
              .optCheck(!noCheck);
      if (files != null) {
        for (Map.Entry<String, Path> e : files.entrySet()) {
          b.addFile(EngineName.parse(e.getKey()), e.getValue());
        }
      }
      ZooRegistration.Result r = b.build().register();
      out.printf("registered %s in %s%n", r.id(), r.versionFolder());
      r.files().forEach((path, sha) -> out.printf("  %-40s sha256 %s%n", path, sha));
      out.printf("  wrote %s%n", r.metadataFile());
      if (!r.engines().isEmpty()) {
        out.printf(
            "  loaded and checked under %s%n",
            String.join(", ", r.engines().stream().map(EngineName::cliName).toList()));
      }
      return 0;
    }
  }

  /** {@code parity zoo list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Models, versions, tasks, engines and files with their sizes.")
  static final class ListModels implements Callable<Integer> {
    @Mixin ZooOption zoo;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      ZooFolder z = zoo.folder();
      // Read every file first: a malformed one is the only line printed, never half a listing.
      java.util.Map<Path, ZooMetadata> models = new java.util.LinkedHashMap<>();
      java.util.Map<Path, ModelCard> cards = new java.util.HashMap<>();
      for (Path file : z.metadataFiles()) {
        ZooMetadata m = ZooMetadata.read(file);
        models.put(file, m);
        for (String version : m.versions()) {
          Path cardFile = file.resolveSibling(version).resolve(ModelCard.FILE_NAME);
          cards.put(cardFile, ModelCard.read(cardFile));
        }
      }
      out.println("zoo " + z.root());
      if (models.isEmpty()) {
        out.println("  (no models)");
      }
      for (var entry : models.entrySet()) {
        Path file = entry.getKey();
        ZooMetadata m = entry.getValue();
        out.printf("%s:%s  %s%n", m.groupId(), m.artifactId(), m.name());
        for (String version : m.versions()) {
          ModelCard card = cards.get(file.resolveSibling(version).resolve(ModelCard.FILE_NAME));
          out.printf(
              "  version %s  task %s%s; inputs %s; outputs %s%n",
              version,
              card.task().kind().name().toLowerCase(java.util.Locale.ROOT),
              card.task().output() == null ? "" : " (" + card.task().output() + ")",
              card.signature().inputNames(),
              card.signature().outputNames());
          for (ZooMetadata.Artifact a : m.artifacts()) {
            if (!a.version().equals(version)) {
              continue;
            }
            out.printf("    engine %-12s%n", EngineName.ofDjlName(a.engine()).cliName());
            a.files()
                .forEach(
                    (key, item) ->
                        out.printf(
                            "      %-12s %-44s %12s%n", key, item.uri(), human(item.size())));
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
      description =
          "Check every file's size and sha256 against metadata.json and each model card's files,"
              + " for every model of the zoo.",
      footer = "Exit code 1 when any file is missing or differs.")
  static final class Verify implements Callable<Integer> {
    @Mixin ZooOption zoo;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      ZooFolder z = zoo.folder();
      int checked = 0;
      List<String> failures = new ArrayList<>();
      for (Path file : z.metadataFiles()) {
        ZooMetadata m = ZooMetadata.read(file);
        Set<String> seen = new HashSet<>();
        for (ZooMetadata.Artifact a : m.artifacts()) {
          for (ZooMetadata.Item item : a.files().values()) {
            if (!seen.add(item.uri())) {
              continue;
            }
            checked++;
            try {
              item.verifyIn(file.getParent(), "restore it from git or register the model again");
              out.printf("  ok    %s%n", item.uri());
            } catch (ArtifactIntegrityException e) {
              out.printf("  FAIL  %s%n", item.uri());
              failures.add(e.getMessage());
            }
          }
        }
        for (String version : m.versions()) {
          Path folder = file.resolveSibling(version);
          ModelCard card;
          try {
            card = ModelCard.read(folder.resolve(ModelCard.FILE_NAME));
          } catch (MalformedFileException e) {
            // A card that cannot be read is one more failed file; the others are still checked.
            checked++;
            failures.add(e.getMessage());
            continue;
          }
          for (Map.Entry<EngineName, CardFile> e : card.files().entrySet()) {
            CardFile f = e.getValue();
            Path p = folder.resolve(f.path());
            if (f.sha256() == null) {
              continue;
            }
            checked++;
            String found = Files.isRegularFile(p) ? Sha256.of(p) : null;
            if (!f.sha256().equals(found) || (f.size() >= 0 && Files.size(p) != f.size())) {
              failures.add(
                  p
                      + ": the card records sha256 "
                      + f.sha256()
                      + " ("
                      + f.size()
                      + " bytes) but found "
                      + (found == null ? "no file" : "sha256 " + found));
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
        "Give a registered model its TensorFlow and MXNet artifacts from its ONNX file (the"
            + " card's onnxruntime file; docs/onnx-op-set.md lists the ops it reads): convert to"
            + " each engine, check each converted artifact against ONNX Runtime on the model's"
            + " reference inputs and print the largest |difference| per output, then, when every"
            + " output is within "
            + ZooConversion.MAX_DIFFERENCE
            + ", register them (tensorflow/ and mxnet/ in the version folder, sha256 and size in"
            + " the card's files and in metadata.json) and load the version under every engine."
            + " Nothing is registered when a check fails; the version folder then stays as it was.",
      },
      footer = {
        "",
        "Inputs for the check: the reference set's input:<name> arrays, else its records encoded"
            + " with the card's features (default: reference-outputs/<groupId>/<artifactId>/).",
        "An op outside the op set exits 2 naming the op, the node and the file.",
        "",
        "Example: scripts/parity zoo convert --model acme:churn"
      })
  static final class Convert implements Callable<Integer> {
    @Mixin ModelOptions model;

    @Option(
        names = "--to",
        split = ",",
        paramLabel = "ENGINE",
        description = "engines to convert to: tensorflow, mxnet (default: both)")
    List<String> to;

    @Option(
        names = "--force",
        description = "replace the tensorflow or mxnet file the card lists already")
    boolean force;

    @Option(
        names = "--reference",
        paramLabel = "DIR",
        description =
            "reference set to check on (default: reference-outputs/<groupId>/<artifactId>/)")
    Path reference;

    @Option(
        names = "--inputs",
        paramLabel = "DIR",
        description = "check on one <input>.npy per signature input instead of a reference set")
    Path inputs;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      ZooConversion.Builder b =
          ZooConversion.builder()
              .setArtifact(model.artifact())
              .optReplace(force)
              .optReference(reference)
              .optInputs(inputs);
      if (to != null) {
        b.optTargets(to.stream().map(EngineName::parse).toList());
      }
      ZooConversion.Result r = b.build().run();
      out.printf("converted %s (%s)%n", r.id(), r.versionFolder());
      out.printf("  checked against ONNX Runtime on %s%n", r.inputs().source());
      for (ZooConversion.Converted c : r.artifacts()) {
        out.printf(
            "  %-11s %s (%s)  max |difference| %s  %s%n",
            c.engine().cliName(),
            String.join(", ", c.files()),
            human(c.bytes()),
            differences(c.check().maxAbsDifference()),
            c.passed() ? "ok" : "ABOVE " + c.limit());
      }
      if (!r.registered()) {
        out.printf(
            "zoo convert refused: an artifact differs from ONNX Runtime by more than %s;"
                + " nothing was registered%n",
            ZooConversion.MAX_DIFFERENCE);
        return ExitCode.CHECK_FAILED.code();
      }
      ZooRegistration.Result reg = r.registration();
      out.printf("registered %s in %s%n", reg.id(), reg.versionFolder());
      reg.files().forEach((path, sha) -> out.printf("  %-40s sha256 %s%n", path, sha));
      out.printf("  wrote %s%n", reg.metadataFile());
      if (!reg.engines().isEmpty()) {
        out.printf(
            "  loaded and checked under %s%n",
            String.join(", ", reg.engines().stream().map(EngineName::cliName).toList()));
      }
      return ExitCode.OK.code();
    }

    private static String differences(Map<String, Double> max) {
      List<String> parts = new ArrayList<>();
      max.forEach(
          (output, d) -> parts.add(output + " " + String.format(java.util.Locale.ROOT, "%.2g", d)));
      return String.join(", ", parts);
    }
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
