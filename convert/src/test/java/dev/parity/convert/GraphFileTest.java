package dev.parity.convert;

import static dev.parity.tensor.Dtype.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.convert.mxnet.MxnetArtifact;
import dev.parity.convert.onnx.OnnxGraph;
import dev.parity.graph.GraphFile;
import dev.parity.graph.OnnxNode;
import dev.parity.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphFileTest {

  @TempDir Path temp;

  @Test
  void read_writtenGraph_givesTheSameNodesAndBytes() throws Exception {
    Path onnx =
        new TestGraph()
            .input("x", FLOAT32, -1, 2, 3)
            .initializer("w", Tensor.of(new float[] {1, 2, 3}, 3))
            .initializer("axes", Tensor.of(new long[] {-1}, 1))
            .node("Mul", List.of("x", "w"), List.of("m"))
            .node("ReduceSum", List.of("m", "axes"), List.of("s"), "keepdims", 0)
            .node(
                "ConstantOfShape",
                List.of("shape"),
                List.of("c"),
                "value",
                Tensor.of(new float[] {0.25f}, 1))
            .initializer("shape", Tensor.of(new long[] {2}, 1))
            .node("Add", List.of("s", "c"), List.of("z"))
            .output("z", FLOAT32, -1, 2)
            .write(temp.resolve("m.onnx"));
    MxnetArtifact artifact = MxnetArtifact.of(OnnxGraph.read(onnx));
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    artifact.writeGraph(json);
    Files.write(temp.resolve(GraphFile.FILE_NAME), json.toByteArray());

    GraphFile read = GraphFile.read(temp);

    assertThat(read.toJson()).isEqualTo(json.toByteArray());
    OnnxNode reduce = read.nodes().get(1);
    assertThat(reduce.op()).isEqualTo("ReduceSum");
    assertThat(reduce.inputs()).containsExactly("m");
    assertThat(reduce.intsAttribute("axes")).containsExactly(2);
    assertThat(read.nodes().get(2).attribute("value").asTensor().floats()).containsExactly(0.25f);
    assertThat(read.constants()).extracting(GraphFile.Constant::name).containsExactly("w", "shape");
    assertThat(read.inputs().get(0).type().dims()).containsExactly(-1, 2, 3);
  }

  @Test
  void read_otherSchema_throwsNamingFileAndSchema() throws Exception {
    Files.writeString(temp.resolve(GraphFile.FILE_NAME), "{\"schema\": \"something/9\"}");

    assertThatThrownBy(() -> GraphFile.read(temp))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(GraphFile.FILE_NAME)
        .hasMessageContaining("parity.onnx-graph/1")
        .hasMessageContaining("something/9");
  }
}
