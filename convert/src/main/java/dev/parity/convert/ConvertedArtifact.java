package dev.parity.convert;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import dev.parity.engine.EngineName;
import dev.parity.engine.TensorFlowNatives;
import dev.parity.graph.GraphBlockFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An artifact the converter wrote.
 *
 * @param engine the engine it is for
 * @param folder the folder holding it
 * @param files its files, in the folder
 */
public record ConvertedArtifact(EngineName engine, Path folder, List<Path> files) {

  /**
   * Creates the record.
   *
   * @param engine the engine
   * @param folder the folder
   * @param files the files; copied
   */
  public ConvertedArtifact {
    files = List.copyOf(files);
  }

  /**
   * Loads the artifact into its engine on the CPU, as the zoo would.
   *
   * @return the model; close it
   * @throws IOException if a file cannot be read or is malformed
   * @throws MalformedModelException if the engine rejects the artifact
   */
  public Model load() throws IOException, MalformedModelException {
    String name = String.valueOf(folder.getFileName());
    if (engine == EngineName.TENSORFLOW) {
      TensorFlowNatives.ensureLibraryPath();
    }
    Model model = Model.newInstance(name, Device.cpu(), engine.djlName());
    try {
      if (engine == EngineName.MXNET) {
        model.setBlock(new GraphBlockFactory().newBlock(model, folder, Map.of()));
        model.load(folder, name, Map.of("hasParameter", "false"));
      } else {
        model.load(folder);
      }
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
