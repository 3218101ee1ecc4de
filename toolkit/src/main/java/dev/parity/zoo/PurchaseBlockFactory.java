package dev.parity.zoo;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.parity.card.ModelCard;
import dev.parity.npy.NpyFormatException;
import dev.parity.npy.NpzArchive;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import dev.parity.translate.TranslatorArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link PurchaseBlock} from an artifact folder holding {@value #CARD_FILE} and {@value
 * #WEIGHTS_FILE}, with its parameter arrays on the model's {@link NDManager}. The block is fully
 * set, so the model must be loaded without a parameter file ({@code hasParameter=false}).
 *
 * <p>Two ways work with DJL 0.36 on MXNet and PyTorch alike (both tested):
 *
 * <pre>{@code
 * Model model = Model.newInstance("purchase", Device.cpu(), "MXNet");
 * model.setBlock(new PurchaseBlockFactory().newBlock(model, dir, Map.of()));
 * model.load(dir, "purchase", Map.of("hasParameter", "false"));
 *
 * Criteria.builder().setTypes(NDList.class, NDList.class)
 *     .optModelPath(dir).optEngine("MXNet")
 *     .optArgument("blockFactory", PurchaseBlockFactory.class.getName())
 *     .optOption("hasParameter", "false")
 *     .build().loadModel();
 * }</pre>
 *
 * <p>Without {@code hasParameter=false} DJL looks for a {@code <name>-NNNN.params} file: MXNet then
 * fails with a NullPointerException, PyTorch with "Parameter file not found". A TorchScript file in
 * the same folder is ignored once a block is set. The sha256 of the files is not checked here; the
 * zoo's repository does that before loading.
 */
public final class PurchaseBlockFactory implements BlockFactory {

  private static final long serialVersionUID = 1L;

  /** The model card's file name in the artifact folder. */
  public static final String CARD_FILE = ModelCard.FILE_NAME;

  /** The weights' file name in the artifact folder. */
  public static final String WEIGHTS_FILE = "weights.npz";

  /** Creates the factory; DJL instantiates it by class name. */
  public PurchaseBlockFactory() {}

  /**
   * Reads the card and weights and returns the block with every parameter set.
   *
   * @param model the model whose manager will own the parameter arrays
   * @param modelPath the artifact folder, or a file in it
   * @param arguments not used
   * @return a {@link PurchaseBlock}, initialised for batch size 1
   * @throws IOException if a file cannot be read, is malformed, or the weights disagree with the
   *     card (a missing, unexpected or non-{@code float32} array, or a shape the card does not
   *     imply); the message names the array with the expected and found shape
   */
  @Override
  public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
    Path folder =
        Files.isDirectory(modelPath)
            ? modelPath
            : Objects.requireNonNull(
                modelPath.toAbsolutePath().getParent(), "a model file lies in a folder");
    Path cardFile = folder.resolve(CARD_FILE);
    ModelCard card =
        arguments != null && arguments.get(TranslatorArguments.CARD) instanceof ModelCard given
            ? given
            : ModelCard.read(cardFile);
    if (card.architecture() == null) {
      throw new IOException(
          cardFile
              + ": the purchase block is built from the card's architecture section, which"
              + " this card lacks");
    }
    Path weightsFile = folder.resolve(card.architecture().weightsFile());
    PurchaseBlock block;
    try {
      block = new PurchaseBlock(card);
    } catch (RuntimeException e) {
      throw new IOException(cardFile + ": " + e.getMessage(), e);
    }
    Map<String, Tensor> weights = new LinkedHashMap<>();
    try (NpzArchive archive = NpzArchive.open(weightsFile)) {
      for (String name : archive.names()) {
        weights.put(name, archive.read(name));
      }
    } catch (NpyFormatException e) {
      throw new IOException(e.getMessage(), e);
    }
    check(block.expectedShapes(), weights, weightsFile, cardFile);

    // Arrays are created only after every check passed: nothing is left on the model's manager
    // by a mismatched artifact.
    NDManager manager = model.getNDManager();
    for (String name : block.expectedShapes().keySet()) {
      Tensor array = weights.get(name);
      block.setParameter(name, manager.create(array.floats(), new Shape(array.shape())));
    }
    block.initialize(manager, DataType.FLOAT32, block.inputShapes(1));
    return block;
  }

  private static void check(
      Map<String, Shape> expected, Map<String, Tensor> weights, Path file, Path cardFile)
      throws IOException {
    List<String> unexpected = new ArrayList<>(weights.keySet());
    unexpected.removeAll(expected.keySet());
    if (!unexpected.isEmpty()) {
      throw new IOException(
          file
              + " holds arrays that "
              + cardFile
              + " does not describe: "
              + String.join(", ", unexpected)
              + "; the card and the weights come from different exports");
    }
    for (Map.Entry<String, Shape> entry : expected.entrySet()) {
      String name = entry.getKey();
      if (!weights.containsKey(name)) {
        throw new IOException(
            file
                + " lacks array "
                + name
                + " that "
                + cardFile
                + " requires; arrays present: "
                + String.join(", ", weights.keySet()));
      }
      Tensor array = weights.get(name);
      if (array.dtype() != Dtype.FLOAT32) {
        throw new IOException(
            file + " array " + name + ": expected float32 but found " + array.dtype().numpyName());
      }
      Shape found = new Shape(array.shape());
      if (!found.equals(entry.getValue())) {
        throw new IOException(
            file
                + " array "
                + name
                + ": expected shape "
                + entry.getValue()
                + " from "
                + cardFile
                + " but found "
                + found);
      }
    }
  }
}
