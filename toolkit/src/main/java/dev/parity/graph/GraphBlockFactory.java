package dev.parity.graph;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.parity.npy.NpyFormatException;
import dev.parity.npy.NpzArchive;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link GraphBlock} from an MXNet artifact folder ({@value GraphFile#FILE_NAME} and
 * {@value GraphFile#CONSTANTS_FILE}), with its constants on the model's manager. The block is fully
 * set, so the model is loaded without a parameter file:
 *
 * <pre>{@code
 * Model model = Model.newInstance("model", Device.cpu(), "MXNet");
 * model.setBlock(new GraphBlockFactory().newBlock(model, dir, Map.of()));
 * model.load(dir, "model", Map.of("hasParameter", "false"));
 *
 * Criteria.builder().setTypes(NDList.class, NDList.class)
 *     .optModelPath(dir).optEngine("MXNet")
 *     .optArgument("blockFactory", GraphBlockFactory.class.getName())
 *     .optOption("hasParameter", "false")
 *     .build().loadModel();
 * }</pre>
 */
public final class GraphBlockFactory implements BlockFactory {

  private static final long serialVersionUID = 1L;

  /** Creates the factory; DJL instantiates it by class name. */
  public GraphBlockFactory() {}

  /**
   * Reads the artifact and returns the block with every constant set.
   *
   * @param model the model whose manager will own the constants
   * @param modelPath the artifact folder, or a file in it
   * @param arguments not used
   * @return the block, initialised with the graph's input shapes
   * @throws IOException if a file cannot be read or is malformed, or a constant's array is missing
   *     or of another type or shape than the graph file says
   */
  @Override
  public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
    Path folder =
        Files.isDirectory(modelPath)
            ? modelPath
            : Objects.requireNonNull(
                modelPath.toAbsolutePath().getParent(), "a model file lies in a folder");
    GraphFile graph = GraphFile.read(folder);
    Path archiveFile = folder.resolve(GraphFile.CONSTANTS_FILE);
    Map<String, Tensor> constants = new LinkedHashMap<>();
    try (NpzArchive archive = NpzArchive.open(archiveFile)) {
      for (GraphFile.Constant c : graph.constants()) {
        if (!archive.names().contains(c.array())) {
          throw new IOException(
              archiveFile
                  + " lacks array "
                  + c.array()
                  + " for constant "
                  + c.name()
                  + "; regenerate the artifact with the converter");
        }
        Tensor value = archive.read(c.array());
        if (value.dtype() != c.dtype() || !Arrays.equals(value.shape(), c.shape())) {
          throw new IOException(
              archiveFile
                  + " array "
                  + c.array()
                  + ": expected "
                  + c.dtype().numpyName()
                  + " "
                  + Arrays.toString(c.shape())
                  + " for constant "
                  + c.name()
                  + " but found "
                  + value);
        }
        constants.put(c.name(), value);
      }
    } catch (NpyFormatException e) {
      throw new IOException(e.getMessage(), e);
    }
    GraphBlock block;
    try {
      block = new GraphBlock(graph, constants, model.getNDManager());
    } catch (IllegalArgumentException e) {
      throw new IOException(folder.resolve(GraphFile.FILE_NAME) + ": " + e.getMessage(), e);
    }
    block.initialize(model.getNDManager(), DataType.FLOAT32, block.exampleInputShapes());
    return block;
  }
}
