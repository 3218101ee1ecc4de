package dev.parity.zoo;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.BaseModelLoader;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Progress;
import dev.parity.card.CardFile;
import dev.parity.card.ModelCard;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.engine.TensorFlowNatives;
import dev.parity.translate.TensorTranslatorFactory;
import dev.parity.translate.TranslatorArguments;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Loads one model of the zoo for the engine the {@link Criteria} names: picks the artifact by
 * engine and version (filter {@code version}, else the newest), verifies every file's SHA-256,
 * reads the model card, makes sure the engine's natives load, loads the files in place (no copy
 * into DJL's cache), builds the translator the artifact names ({@code translatorFactory}), and
 * checks the card's signature against the engine with a probe prediction.
 */
final class ParityModelLoader extends BaseModelLoader {

  private final Path metadataFile;

  ParityModelLoader(MRL mrl, Path metadataFile) {
    super(mrl);
    this.metadataFile = metadataFile;
  }

  @Override
  public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
      throws IOException, ModelNotFoundException, MalformedModelException {
    ZooMetadata meta = ZooMetadata.read(metadataFile);
    Map<String, String> filters = criteria.getFilters() == null ? Map.of() : criteria.getFilters();
    String engineText = criteria.getEngine() != null ? criteria.getEngine() : filters.get("engine");
    if (engineText == null) {
      engineText = EngineName.PYTORCH.djlName();
    }
    EngineName engine;
    try {
      engine = EngineName.ofDjlName(engineText);
    } catch (IllegalArgumentException e) {
      throw new ModelNotFoundException(e.getMessage(), e);
    }
    String version = filters.get("version");
    String coordinates = meta.groupId() + ":" + meta.artifactId();
    if (version != null && !meta.versions().contains(version)) {
      throw new ModelNotFoundException(
          coordinates
              + " has no version "
              + version
              + "; versions: "
              + String.join(", ", meta.versions())
              + " ("
              + metadataFile
              + ")");
    }
    ZooMetadata.Artifact artifact = meta.find(engine.djlName(), version);
    if (artifact == null) {
      throw new ModelNotFoundException(
          coordinates
              + (version == null ? "" : ":" + version)
              + " has no file for "
              + engine.cliName()
              + "; what there is: "
              + meta.describeAvailable()
              + " ("
              + metadataFile
              + ")");
    }
    Path base = metadataFile.getParent();
    for (ZooMetadata.Item item : artifact.files().values()) {
      try {
        item.verifyIn(base, "run scripts/parity zoo verify, then restore the file from git");
      } catch (ArtifactIntegrityException e) {
        throw new MalformedModelException(e.getMessage(), e);
      }
    }
    Path cardFile = artifact.file(ZooMetadata.CARD).resolveIn(base);
    Path cardFolder =
        Objects.requireNonNull(cardFile.getParent(), "a zoo file lies in its version folder");
    ModelCard card = ModelCard.read(cardFile);
    CardFile entry;
    try {
      entry = card.file(engine);
    } catch (NoSuchElementException e) {
      throw new MalformedModelException(
          metadataFile + " lists a " + engine.cliName() + " file, but " + cardFile + " does not",
          e);
    }
    EngineLayout layout = EngineLayout.of(engine, entry);
    Path modelFile = cardFolder.resolve(layout.modelFile());
    Path modelDir = cardFolder.resolve(layout.modelFolder());
    ensureEngine(engine);

    Map<String, Object> arguments = new HashMap<>(artifact.arguments());
    if (criteria.getArguments() != null) {
      arguments.putAll(criteria.getArguments());
    }
    arguments.put(TranslatorArguments.CARD, card);
    Map<String, String> options = new LinkedHashMap<>(artifact.options());
    if (criteria.getOptions() != null) {
      options.putAll(criteria.getOptions());
    }
    String modelName = criteria.getModelName() != null ? criteria.getModelName() : artifact.name();
    Model model = Model.newInstance(modelName, criteria.getDevice(), engine.djlName());
    try {
      Block block = criteria.getBlock();
      if (block == null && arguments.get("blockFactory") != null) {
        block = newBlockFactory(arguments.get("blockFactory")).newBlock(model, modelDir, arguments);
      }
      if (block != null) {
        model.setBlock(block);
      }
      model.setProperty(TranslatorArguments.CARD_FOLDER, cardFolder.toString());
      try {
        model.load(modelDir, layout.modelName(), options);
      } catch (MalformedModelException | RuntimeException e) {
        // The checksums matched, so the file is what the zoo lists, yet the engine rejects it;
        // engines throw their own exception types (TensorFlow's are plain RuntimeExceptions).
        throw new MalformedModelException(
            engine.djlName() + " cannot load " + modelFile + ": " + e.getMessage(), e);
      }
      SignatureCheck.check(model, card, engine, modelFile);
      TranslatorFactory factory = criteria.getTranslatorFactory();
      if (factory == null) {
        Object named = arguments.get(ZooMetadata.TRANSLATOR_FACTORY);
        factory =
            named == null
                ? new TensorTranslatorFactory()
                : newInstance(named, TranslatorFactory.class);
      }
      if (!factory.isSupported(criteria.getInputClass(), criteria.getOutputClass())) {
        throw new ModelNotFoundException(
            "no translator for "
                + criteria.getInputClass().getName()
                + " -> "
                + criteria.getOutputClass().getName()
                + " in "
                + factory.getClass().getName()
                + "; it takes "
                + factory.getSupportedTypes());
      }
      Translator<I, O> translator =
          factory.newInstance(
              criteria.getInputClass(), criteria.getOutputClass(), model, arguments);
      return new ZooModel<>(model, translator);
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    } catch (TranslateException e) {
      model.close();
      // A card or vocabulary that cannot be read is the user's file, named by its own exception.
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new MalformedModelException(
          "cannot build the translator for " + modelFile + ": " + e.getMessage(), e);
    }
  }

  private static BlockFactory newBlockFactory(Object value) {
    if (value instanceof BlockFactory f) {
      return f;
    }
    return newInstance(value, BlockFactory.class);
  }

  private static <T> T newInstance(Object value, Class<T> type) {
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    String name = value.toString();
    try {
      return Class.forName(name).asSubclass(type).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException
        | ClassCastException e) {
      throw new IllegalStateException(
          "cannot create " + type.getSimpleName() + " " + name + ": " + e, e);
    }
  }

  /**
   * Starts the engine, turning every way its natives can fail into one clear error.
   *
   * @param engine the engine
   * @throws EngineUnavailableException if the engine is not on the classpath or cannot load
   */
  static void ensureEngine(EngineName engine) {
    if (engine == EngineName.TENSORFLOW) {
      try {
        TensorFlowNatives.ensureLibraryPath();
      } catch (IllegalStateException | java.io.UncheckedIOException e) {
        throw new EngineUnavailableException(engine, e.getMessage(), e);
      }
    }
    if (!Engine.hasEngine(engine.djlName())) {
      throw new EngineUnavailableException(engine, "DJL finds no engine provider for it", null);
    }
    try {
      Engine.getEngine(engine.djlName());
    } catch (EngineException | UnsatisfiedLinkError | IllegalStateException e) {
      throw new EngineUnavailableException(engine, "its native library failed to load: " + e, e);
    }
  }

  @Override
  public <I, O> boolean isDownloaded(Criteria<I, O> criteria) {
    return true;
  }

  @Override
  public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress) {
    // Files are read in place; there is nothing to download.
  }
}
