package dev.parity.convert;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.parity.graph.OnnxType;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds small ONNX models in Java with ONNX's protobuf builders, for tests: inputs with a dynamic
 * first dimension (-1), initializers, nodes with attributes given as name/value pairs.
 */
final class TestGraph {

  private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("test");
  private final int opset;
  private int nodes;

  TestGraph(int opset) {
    this.opset = opset;
  }

  TestGraph() {
    this(13);
  }

  /** Declares an input; a dimension of -1 is dynamic ({@code batch}). */
  TestGraph input(String name, Dtype type, long... dims) {
    graph.addInput(valueInfo(name, type, dims));
    return this;
  }

  /** Declares an output; a dimension of -1 is left open. */
  TestGraph output(String name, Dtype type, long... dims) {
    graph.addOutput(valueInfo(name, type, dims));
    return this;
  }

  TestGraph initializer(String name, Tensor value) {
    graph.addInitializer(tensor(value).setName(name));
    return this;
  }

  /**
   * Adds a node.
   *
   * @param op the op type, with {@code domain.} in front for another domain
   * @param inputs input names, "" for a left-out optional one
   * @param outputs output names
   * @param attributes names and values: Integer/Long, Float/Double, String, long[], float[], Tensor
   */
  TestGraph node(String op, List<String> inputs, List<String> outputs, Object... attributes) {
    OnnxMl.NodeProto.Builder node =
        OnnxMl.NodeProto.newBuilder()
            .setName("n" + nodes++ + "_" + op)
            .addAllInput(inputs)
            .addAllOutput(outputs);
    int dot = op.lastIndexOf('.');
    if (dot >= 0) {
      node.setDomain(op.substring(0, dot)).setOpType(op.substring(dot + 1));
    } else {
      node.setOpType(op);
    }
    for (int i = 0; i < attributes.length; i += 2) {
      node.addAttribute(attribute((String) attributes[i], attributes[i + 1]));
    }
    graph.addNode(node);
    return this;
  }

  byte[] bytes() {
    OnnxMl.ModelProto.Builder model =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("parity-test")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
            .setGraph(graph);
    return model.build().toByteArray();
  }

  Path write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, bytes());
    return file;
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, Dtype type, long[] dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        shape.addDimBuilder().setDimParam(i == 0 ? "batch" : "d" + i);
      } else {
        shape.addDimBuilder().setDimValue(dims[i]);
      }
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxType.code(type))
                        .setShape(shape)))
        .build();
  }

  static OnnxMl.TensorProto.Builder tensor(Tensor value) {
    OnnxMl.TensorProto.Builder t =
        OnnxMl.TensorProto.newBuilder()
            .setDataType(OnnxType.code(value.dtype()))
            .setRawData(ByteString.copyFrom(value.toLittleEndian()));
    for (long d : value.shape()) {
      t.addDims(d);
    }
    return t;
  }

  private static OnnxMl.AttributeProto attribute(String name, Object value) {
    OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name);
    if (value instanceof Integer || value instanceof Long) {
      a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
    } else if (value instanceof Float || value instanceof Double) {
      a.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
    } else if (value instanceof String s) {
      a.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
    } else if (value instanceof long[] ints) {
      a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
      for (long i : ints) {
        a.addInts(i);
      }
    } else if (value instanceof float[] floats) {
      a.setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
      for (float f : floats) {
        a.addFloats(f);
      }
    } else if (value instanceof Tensor t) {
      a.setType(OnnxMl.AttributeProto.AttributeType.TENSOR).setT(tensor(t));
    } else {
      throw new IllegalArgumentException("no attribute type for " + value);
    }
    return a.build();
  }
}
