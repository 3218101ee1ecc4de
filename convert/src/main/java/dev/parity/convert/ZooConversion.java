package dev.parity.convert;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.card.CardFile;
import dev.parity.card.ModelCard;
import dev.parity.card.ModelId;
import dev.parity.convert.tensorflow.GraphDefBuilder;
import dev.parity.engine.EngineName;
import dev.parity.file.FileTree;
import dev.parity.file.JsonFile;
import dev.parity.graph.GraphBlockFactory;
import dev.parity.graph.GraphFile;
import dev.parity.npy.NpyFormatException;
import dev.parity.reference.ReferenceManifest;
import dev.parity.zoo.ArtifactIntegrityException;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.EngineLayout;
import dev.parity.zoo.Sha256;
import dev.parity.zoo.ZooFolder;
import dev.parity.zoo.ZooRegistration;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives a registered model its TensorFlow and MXNet artifacts from its ONNX file, the
 * engine-neutral source ({@code parity zoo convert}): converts the card's {@code onnxruntime} file
 * to each target, checks every converted artifact against ONNX Runtime on the model's reference
 * inputs ({@link ReferenceInputs}), and only when every output of every artifact is within {@value
 * #MAX_DIFFERENCE} registers them: {@code tensorflow/saved_model.pb} and {@code mxnet/graph.json}
 * (run by {@link GraphBlockFactory}) in the version folder, with their SHA-256 and size in the
 * card's {@code files} and in DJL's {@code metadata.json}, through {@link ZooRegistration}.
 *
 * <p>Nothing is partly done: the artifacts are converted and checked in a hidden folder next to the
 * version, the new version is assembled there (the card's other files copied, the card's {@code
 * files} rewritten, every other byte of it kept) and registered whole, which swaps it in and loads
 * it under every engine, putting the old version and metadata back if anything fails. The version
 * folder then holds what its card lists (and the vocabulary), nothing else.
 *
 * <pre>{@code
 * ZooConversion.Result r = ZooConversion.builder()
 *     .setArtifact(ArtifactSpec.builder().optModel("acme:churn").build())
 *     .build()
 *     .run();
 * }</pre>
 */
public final class ZooConversion {

  /** The largest {@code |converted - ONNX Runtime|} accepted on any element of any output. */
  public static final double MAX_DIFFERENCE = 1e-5;

  private final ArtifactSpec artifact;
  private final List<EngineName> targets;
  private final boolean replace;
  private final Path reference;
  private final Path inputs;
  private final boolean loadCheck;
  private final double limit;

  private ZooConversion(Builder b) {
    this.artifact = b.artifact;
    this.targets = List.copyOf(b.targets);
    this.replace = b.replace;
    this.reference = b.reference;
    this.inputs = b.inputs;
    this.loadCheck = b.loadCheck;
    this.limit = b.limit;
  }

  /**
   * Starts a builder.
   *
   * @return a builder converting to every engine of {@link ConversionSpec#TARGETS}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * One converted artifact and how it compared with ONNX Runtime.
   *
   * @param engine the engine it is for
   * @param path the file the card lists, relative to the version folder
   * @param files every file of the artifact, relative to the version folder
   * @param bytes their total size
   * @param check the largest difference per output
   * @param limit the largest difference accepted, {@link #MAX_DIFFERENCE}
   */
  public record Converted(
      EngineName engine,
      String path,
      List<String> files,
      long bytes,
      CheckResult check,
      double limit) {

    /**
     * Copies the list.
     *
     * @param engine the engine
     * @param path the card's path
     * @param files the files
     * @param bytes the total size
     * @param check the comparison
     * @param limit the largest difference accepted
     */
    public Converted {
      files = List.copyOf(files);
    }

    /**
     * Whether every output is within {@link #limit()} of ONNX Runtime's.
     *
     * @return true when the artifact may be registered
     */
    public boolean passed() {
      return check.max() <= limit;
    }
  }

  /**
   * What a conversion did.
   *
   * @param id the model version
   * @param versionFolder its folder
   * @param inputs what the artifacts were checked on
   * @param artifacts the converted artifacts, in target order
   * @param registration what was registered, or null when an artifact failed its check and nothing
   *     was
   */
  public record Result(
      ModelId id,
      Path versionFolder,
      ReferenceInputs inputs,
      List<Converted> artifacts,
      ZooRegistration.Result registration) {

    /**
     * Copies the list.
     *
     * @param id the model version
     * @param versionFolder its folder
     * @param inputs the check's inputs
     * @param artifacts the artifacts
     * @param registration the registration, or null
     */
    public Result {
      artifacts = List.copyOf(artifacts);
    }

    /**
     * Whether the artifacts were registered.
     *
     * @return true when every artifact passed its check and the zoo lists them
     */
    public boolean registered() {
      return registration != null;
    }
  }

  /**
   * Converts, checks and registers.
   *
   * @return what was converted, how it compared and what was registered
   * @throws dev.parity.convert.onnx.UnsupportedOperatorException if the ONNX file uses an op or
   *     attribute outside {@code docs/onnx-op-set.md}; nothing is written
   * @throws NoSuchFileException if the zoo has no such model version, or the reference set or input
   *     folder is missing
   * @throws FileAlreadyExistsException if the card lists a target engine already and replacing was
   *     not asked for
   * @throws IllegalArgumentException if the card lists no ONNX file, or the inputs do not fit it
   * @throws ArtifactIntegrityException if the ONNX file or a reference file differs from its
   *     recorded checksum
   * @throws MalformedModelException if an engine rejects the registered version (it is then rolled
   *     back)
   * @throws ModelNotFoundException if the written metadata does not serve an engine (a bug)
   * @throws NpyFormatException if an input array is not a readable {@code .npy} file
   * @throws IOException if a file cannot be read or written
   */
  public Result run()
      throws IOException,
          MalformedModelException,
          ModelNotFoundException,
          ArtifactIntegrityException,
          NpyFormatException {
    ZooFolder zoo = artifact.zooFolder();
    ModelId id = artifact.version() != null ? artifact.model() : zoo.resolve(artifact.model());
    Path versionFolder = zoo.versionFolder(id);
    Path cardFile = versionFolder.resolve(ModelCard.FILE_NAME);
    if (!Files.isRegularFile(cardFile)) {
      throw new NoSuchFileException(
          cardFile.toString(),
          null,
          "zoo " + zoo.root() + " holds no card of " + id + "; register it with zoo add first");
    }
    ModelCard card = ModelCard.read(cardFile);
    CardFile onnxEntry = card.files().get(EngineName.ONNXRUNTIME);
    if (onnxEntry == null) {
      throw new IllegalArgumentException(
          cardFile
              + " lists no onnxruntime file; zoo convert converts the model's ONNX file:"
              + " register it with zoo add --file onnxruntime=model.onnx");
    }
    Path onnx = versionFolder.resolve(onnxEntry.path());
    verify(onnx, onnxEntry);
    for (EngineName target : targets) {
      CardFile existing = card.files().get(target);
      if (existing != null && !replace) {
        throw new FileAlreadyExistsException(
            versionFolder.resolve(existing.path()).toString(),
            null,
            id
                + " already has a "
                + target.cliName()
                + " file; pass --force to convert the ONNX file again and replace it");
      }
    }
    ReferenceInputs checkInputs = checkInputs(card, versionFolder);

    Path work = Files.createTempDirectory(zoo.modelFolder(id), ".convert-");
    try {
      List<Converted> converted = new ArrayList<>();
      for (EngineName target : targets) {
        converted.add(convertAndCheck(onnx, target, work, checkInputs, limit));
      }
      if (!converted.stream().allMatch(Converted::passed)) {
        return new Result(id, versionFolder, checkInputs, converted, null);
      }
      Path staged = stage(work, versionFolder, card, cardFile);
      ZooRegistration.Result registration =
          ZooRegistration.builder()
              .setCard(staged.resolve(ModelCard.FILE_NAME))
              .optZoo(zoo.root())
              .optReplace(true)
              .optCheck(loadCheck)
              .build()
              .register();
      return new Result(id, versionFolder, checkInputs, converted, registration);
    } finally {
      ArtifactFolder.deleteTree(work);
    }
  }

  private static void verify(Path file, CardFile entry) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "the card lists it; restore it");
    }
    if (entry.sha256() != null && !entry.sha256().equals(Sha256.of(file))) {
      throw new IllegalArgumentException(
          file
              + " has changed since it was registered: its SHA-256 differs from the card's;"
              + " restore it, or register the new file with zoo add --force");
    }
  }

  private ReferenceInputs checkInputs(ModelCard card, Path versionFolder)
      throws IOException, ArtifactIntegrityException, NpyFormatException {
    if (inputs != null) {
      return ReferenceInputs.fromFolder(inputs, card);
    }
    Optional<Path> set =
        reference != null ? Optional.of(reference) : ReferenceManifest.committedFolder(card.id());
    if (set.isEmpty()) {
      throw new NoSuchFileException(
          ReferenceManifest.committedPath(card.id()),
          null,
          "no reference set of "
              + card.id().name()
              + " to check the converted artifacts on; pass --reference DIR (docs/reference-set.md)"
              + " or --inputs DIR with one <input>.npy per signature input");
    }
    return ReferenceInputs.fromReferenceSet(set.get(), card, versionFolder);
  }

  private static Converted convertAndCheck(
      Path onnx, EngineName target, Path work, ReferenceInputs checkInputs, double limit)
      throws IOException, MalformedModelException {
    String folder = target.cliName();
    ConvertedArtifact artifact =
        OnnxConverter.convert(
            ConversionSpec.builder()
                .setSource(onnx)
                .setTarget(target)
                .setDestination(work.resolve(folder))
                .build());
    CheckResult check =
        ArtifactCheck.builder()
            .setSource(onnx)
            .setArtifact(artifact)
            .setInputs(checkInputs.arrays())
            .build()
            .run();
    List<String> files = new ArrayList<>();
    long bytes = 0;
    for (Path file : artifact.files()) {
      files.add(folder + "/" + file.getFileName());
      bytes += Files.size(file);
    }
    return new Converted(target, cardPath(target), files, bytes, check, limit);
  }

  /** The file the card lists for a converted artifact, relative to the version folder. */
  private static String cardPath(EngineName target) {
    return target.cliName()
        + "/"
        + (target == EngineName.TENSORFLOW ? GraphDefBuilder.FILE_NAME : GraphFile.FILE_NAME);
  }

  // The new version, whole, in work/version: the card (its files section listing the converted
  // artifacts), every file it lists and its vocabulary.
  private Path stage(Path work, Path versionFolder, ModelCard card, Path cardFile)
      throws IOException {
    Path staged = work.resolve("version");
    Files.createDirectories(staged);
    Files.copy(cardFile, staged.resolve(ModelCard.FILE_NAME));
    Map<EngineName, CardFile> files = new EnumMap<>(EngineName.class);
    for (Map.Entry<EngineName, CardFile> e : card.files().entrySet()) {
      if (targets.contains(e.getKey())) {
        continue;
      }
      files.put(e.getKey(), e.getValue());
      EngineLayout layout = EngineLayout.of(e.getKey(), e.getValue());
      String copied = layout.ownsFolder(e.getKey()) ? layout.modelFolder() : layout.modelFile();
      FileTree.copy(
          versionFolder.resolve(copied),
          staged.resolve(copied),
          StandardCopyOption.COPY_ATTRIBUTES);
    }
    if (card.features() != null && card.features().vocabulary() != null) {
      String vocabulary = card.features().vocabulary();
      if (!Files.exists(staged.resolve(vocabulary))) {
        FileTree.copy(
            versionFolder.resolve(vocabulary),
            staged.resolve(vocabulary),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    for (EngineName target : targets) {
      Files.move(work.resolve(target.cliName()), staged.resolve(target.cliName()));
      files.put(
          target,
          new CardFile(
              cardPath(target),
              null,
              -1,
              target == EngineName.MXNET ? GraphBlockFactory.class.getName() : null));
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    files.forEach(
        (engine, file) -> {
          ObjectNode entry = node.putObject(engine.cliName());
          entry.put("path", file.path());
          if (file.blockFactory() != null) {
            entry.put("blockFactory", file.blockFactory());
          }
        });
    JsonFile.replaceTopLevel(staged.resolve(ModelCard.FILE_NAME), "files", node);
    return staged;
  }

  /** Builds a {@link ZooConversion}: {@code set} methods are required, {@code opt} optional. */
  public static final class Builder {
    private ArtifactSpec artifact;
    private List<EngineName> targets = ConversionSpec.TARGETS;
    private boolean replace;
    private Path reference;
    private Path inputs;
    private boolean loadCheck = true;
    private double limit = MAX_DIFFERENCE;

    private Builder() {}

    /**
     * Sets the model: its coordinates, version (null for the newest) and zoo.
     *
     * @param artifact the model in its zoo
     * @return this builder
     */
    public Builder setArtifact(ArtifactSpec artifact) {
      this.artifact = artifact;
      return this;
    }

    /**
     * Sets the engines to convert to.
     *
     * @param engines {@link EngineName#TENSORFLOW} and/or {@link EngineName#MXNET}, no repeats
     * @return this builder
     */
    public Builder optTargets(List<EngineName> engines) {
      this.targets = List.copyOf(engines);
      return this;
    }

    /**
     * Allows replacing an engine file the card lists already.
     *
     * @param replace true to replace it ({@code --force})
     * @return this builder
     */
    public Builder optReplace(boolean replace) {
      this.replace = replace;
      return this;
    }

    /**
     * Sets the reference set the artifacts are checked on (default: the model's committed one,
     * {@code reference-outputs/<groupId>/<artifactId>/}).
     *
     * @param folder the folder holding its {@code manifest.json}
     * @return this builder
     */
    public Builder optReference(Path folder) {
      this.reference = folder;
      return this;
    }

    /**
     * Sets a folder of input arrays to check on instead of a reference set.
     *
     * @param folder one {@code <input name>.npy} per signature input
     * @return this builder
     */
    public Builder optInputs(Path folder) {
      this.inputs = folder;
      return this;
    }

    /**
     * Sets whether the registered version is loaded under every engine its card lists, with the
     * card's signature check (default on).
     *
     * @param loadCheck false to skip loading
     * @return this builder
     */
    public Builder optLoadCheck(boolean loadCheck) {
      this.loadCheck = loadCheck;
      return this;
    }

    /**
     * Sets a stricter limit than {@link #MAX_DIFFERENCE}, so that tests can see a refusal.
     *
     * @param max the largest difference accepted, at least 0
     * @return this builder
     */
    Builder optMaxDifference(double max) {
      this.limit = max;
      return this;
    }

    /**
     * Checks and builds.
     *
     * @return the conversion
     * @throws NullPointerException if no artifact was set
     * @throws IllegalArgumentException if no target is given, a target repeats or is not TensorFlow
     *     or MXNet, or both a reference set and an input folder are given
     */
    public ZooConversion build() {
      Objects.requireNonNull(artifact, "setArtifact(model) is required");
      if (targets.isEmpty() || new LinkedHashSet<>(targets).size() != targets.size()) {
        throw new IllegalArgumentException(
            "expected tensorflow and/or mxnet, each once, but found "
                + targets.stream().map(EngineName::cliName).toList());
      }
      targets.forEach(ConversionSpec::checkTarget);
      if (!(limit >= 0 && limit <= MAX_DIFFERENCE)) {
        throw new IllegalArgumentException(
            "expected a limit from 0 to " + MAX_DIFFERENCE + " but found " + limit);
      }
      if (reference != null && inputs != null) {
        throw new IllegalArgumentException(
            "give --reference DIR or --inputs DIR, not both: the check runs on one set of inputs");
      }
      return new ZooConversion(this);
    }
  }
}
