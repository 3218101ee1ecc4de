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
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.engine.TensorFlowNatives;
import dev.parity.predict.PurchaseTranslatorFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads one model of the zoo for the engine the {@link Criteria} names: picks the artifact by
 * engine and version (filter {@code version}, else the newest), verifies every file's SHA-256,
 * makes sure the engine's natives load, then loads the files in place (no copy into DJL's cache).
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
    ZooMetadata.Artifact artifact = meta.find(engine.djlName(), version);
    if (artifact == null) {
      throw new ModelNotFoundException(
          meta.groupId()
              + ":"
              + meta.artifactId()
              + (version == null ? "" : ":" + version)
              + " has no artifact for "
              + engine.djlName()
              + "; available: "
              + meta.describeAvailable());
    }
    Path base = metadataFile.getParent();
    for (ZooMetadata.Item item : artifact.files().values()) {
      try {
        item.verifyIn(base, "run scripts/parity zoo verify, then restore the file from git");
      } catch (ArtifactIntegrityException e) {
        throw new MalformedModelException(e.getMessage(), e);
      }
    }
    Path modelFile = artifact.file("model").resolveIn(base);
    Path modelDir = modelFile.getParent();
    Path cardFolder = artifact.file("card").resolveIn(base).getParent();
    ensureEngine(engine);

    Map<String, Object> arguments = new HashMap<>(artifact.arguments());
    if (criteria.getArguments() != null) {
      arguments.putAll(criteria.getArguments());
    }
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
      model.setProperty(ParityZoo.CARD_FOLDER_PROPERTY, cardFolder.toString());
      try {
        model.load(modelDir, modelName, options);
      } catch (MalformedModelException | RuntimeException e) {
        // The checksums matched, so the file is what the zoo lists, yet the engine rejects it;
        // engines throw their own exception types (TensorFlow's are plain RuntimeExceptions).
        throw new MalformedModelException(
            engine.djlName() + " cannot load " + modelFile + ": " + e.getMessage(), e);
      }
      TranslatorFactory factory = criteria.getTranslatorFactory();
      if (factory == null) {
        factory = new PurchaseTranslatorFactory();
      }
      if (!factory.isSupported(criteria.getInputClass(), criteria.getOutputClass())) {
        throw new ModelNotFoundException(
            "no translator for "
                + criteria.getInputClass().getName()
                + " -> "
                + criteria.getOutputClass().getName()
                + "; Parity's translator takes EncodedBatch to Scores");
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
      throw new ModelNotFoundException("cannot build the translator: " + e.getMessage(), e);
    }
  }

  private static BlockFactory newBlockFactory(Object value) {
    if (value instanceof BlockFactory f) {
      return f;
    }
    String name = value.toString();
    try {
      return Class.forName(name)
          .asSubclass(BlockFactory.class)
          .getDeclaredConstructor()
          .newInstance();
    } catch (ClassNotFoundException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException
        | ClassCastException e) {
      throw new IllegalStateException("cannot create block factory " + name + ": " + e, e);
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
