package dev.parity.convert;

import dev.parity.convert.mxnet.MxnetArtifact;
import dev.parity.convert.onnx.OnnxGraph;
import dev.parity.convert.onnx.OnnxModelException;
import dev.parity.convert.onnx.UnsupportedOperatorException;
import dev.parity.convert.tensorflow.GraphDefBuilder;
import dev.parity.convert.tensorflow.SavedModelEmitter;
import dev.parity.graph.GraphFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.SavedModel;

/**
 * Converts an ONNX model, the engine-neutral source, into a TensorFlow SavedModel or an MXNet graph
 * block. The graph is read and checked completely before anything is written; the artifact is then
 * written to a fresh folder and moved into place. The same ONNX file always gives the same bytes.
 */
public final class OnnxConverter {

  private OnnxConverter() {}

  /**
   * Converts as the spec says.
   *
   * @param spec the source, target engine and destination
   * @return the written artifact
   * @throws UnsupportedOperatorException if a node is outside the op set ({@code
   *     docs/onnx-op-set.md}); nothing is written
   * @throws OnnxModelException if the source is not a usable ONNX model; nothing is written
   * @throws IOException if the source cannot be read or the destination cannot be written, or holds
   *     files of something else
   */
  public static ConvertedArtifact convert(ConversionSpec spec) throws IOException {
    OnnxGraph graph = OnnxGraph.read(spec.source());
    Map<String, ArtifactFolder.Content> files = new LinkedHashMap<>();
    switch (spec.target()) {
      case TENSORFLOW -> {
        SavedModel model = SavedModelEmitter.emit(graph);
        files.put(GraphDefBuilder.FILE_NAME, out -> GraphDefBuilder.writeDeterministic(model, out));
      }
      case MXNET -> {
        MxnetArtifact artifact = MxnetArtifact.of(graph);
        files.put(GraphFile.FILE_NAME, artifact::writeGraph);
        files.put(GraphFile.CONSTANTS_FILE, artifact::writeConstants);
      }
      default -> throw new IllegalArgumentException("no converter for " + spec.target());
    }
    List<Path> written = ArtifactFolder.write(spec.destination(), files);
    return new ConvertedArtifact(spec.target(), spec.destination(), written);
  }
}
