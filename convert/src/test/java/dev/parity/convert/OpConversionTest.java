package dev.parity.convert;

import static dev.parity.tensor.Dtype.BOOL;
import static dev.parity.tensor.Dtype.FLOAT32;
import static dev.parity.tensor.Dtype.INT64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.engine.EngineName;
import dev.parity.graph.OnnxType;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op of the converter's op set, converted to TensorFlow and MXNet and run against ONNX
 * Runtime on inputs that exercise it: broadcasting, negative axes, and a dynamic batch fed in
 * batches of different sizes (5 rows in batches of 2, 2 and 1) wherever the op has them.
 */
class OpConversionTest {

  private static final double TOLERANCE = 1e-5;
  private static final int ROWS = 5;
  private static final int BATCH = 2;
  private static final long DYN = -1;

  @TempDir static Path temp;

  /** One test model and its inputs. */
  record Case(String name, TestGraph graph, Map<String, Tensor> inputs) {
    @Override
    public String toString() {
      return name;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void convert_eachOp_tensorFlowMatchesOnnxRuntime(Case c) throws Exception {
    assertMatches(c, EngineName.TENSORFLOW);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void convert_eachOp_mxnetMatchesOnnxRuntime(Case c) throws Exception {
    assertMatches(c, EngineName.MXNET);
  }

  private static void assertMatches(Case c, EngineName engine) throws Exception {
    Path onnx = c.graph().write(temp.resolve(c.name()).resolve("model.onnx"));
    ConvertedArtifact artifact =
        OnnxConverter.convert(
            ConversionSpec.builder()
                .setSource(onnx)
                .setTarget(engine)
                .setDestination(temp.resolve(c.name()).resolve(engine.cliName()))
                .build());
    CheckResult result =
        ArtifactCheck.builder()
            .setSource(onnx)
            .setArtifact(artifact)
            .setInputs(c.inputs())
            .optBatchSize(BATCH)
            .build()
            .run();

    assertThat(result.maxAbsDifference()).isNotEmpty();
    assertThat(result.max())
        .as("%s on %s: %s", c.name(), engine, result)
        .isLessThanOrEqualTo(TOLERANCE);
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    Random random = new Random(20261203);
    Inputs in = new Inputs(random);

    // Element-wise unary ops, [batch, 4].
    for (String op : List.of("Abs", "Neg", "Exp", "Relu", "Sigmoid", "Tanh", "Erf", "Identity")) {
      cases.add(single(op, in.floats(ROWS, 4), FLOAT32));
    }
    cases.add(single("Log", in.positive(ROWS, 4), FLOAT32));
    cases.add(single("Sqrt", in.positive(ROWS, 4), FLOAT32));
    cases.add(single("Not", in.bools(ROWS, 4), BOOL));
    // A tap that is also an output (torch exports it as an Identity of the output): both names
    // come back, each with its own array.
    cases.add(
        new Case(
            "Identity-output-and-tap",
            new TestGraph()
                .input("x", FLOAT32, DYN, 4)
                .node("Relu", List.of("x"), List.of("hidden"))
                .node("Identity", List.of("hidden"), List.of("mlp.1"))
                .node("Sigmoid", List.of("hidden"), List.of("probability"))
                .output("probability", FLOAT32, DYN, 4)
                .output("hidden", FLOAT32, DYN, 4)
                .output("mlp.1", FLOAT32, DYN, 4),
            Map.of("x", in.floats(ROWS, 4))));

    // Broadcasting binary ops: [batch, 3, 4] with an initializer [4] and an input [batch, 1, 4].
    for (String op : List.of("Add", "Sub", "Mul", "Div")) {
      cases.add(
          new Case(
              op + "-broadcast",
              new TestGraph()
                  .input("x", FLOAT32, DYN, 3, 4)
                  .input("y", FLOAT32, DYN, 1, 4)
                  .initializer("w", in.positive(4))
                  .node(op, List.of("x", "w"), List.of("t"))
                  .node(op, List.of("t", "y"), List.of("z"))
                  .output("z", FLOAT32, DYN, 3, 4),
              Map.of("x", in.floats(ROWS, 3, 4), "y", in.positive(ROWS, 1, 4))));
    }
    cases.add(
        new Case(
            "Div-int64-truncates",
            new TestGraph()
                .input("x", INT64, DYN, 4)
                .initializer("d", Tensor.of(new long[] {3, -3, 2, -5}, 4))
                .node("Div", List.of("x", "d"), List.of("z"))
                .output("z", INT64, DYN, 4),
            Map.of("x", in.longs(-20, 20, ROWS, 4))));
    cases.add(
        new Case(
            "Pow-broadcast",
            new TestGraph()
                .input("x", FLOAT32, DYN, 4)
                .initializer("e", Tensor.of(new float[] {2f, 0.5f, 3f, -1f}, 4))
                .node("Pow", List.of("x", "e"), List.of("z"))
                .output("z", FLOAT32, DYN, 4),
            Map.of("x", in.positive(ROWS, 4))));
    for (String op : List.of("Max", "Min")) {
      cases.add(
          new Case(
              op + "-three-broadcast",
              new TestGraph()
                  .input("x", FLOAT32, DYN, 3)
                  .input("y", FLOAT32, DYN, 1)
                  .initializer("c", in.floats(3))
                  .node(op, List.of("x", "y", "c"), List.of("z"))
                  .output("z", FLOAT32, DYN, 3),
              Map.of("x", in.floats(ROWS, 3), "y", in.floats(ROWS, 1))));
    }
    for (String op : List.of("Equal", "Greater", "Less")) {
      cases.add(
          new Case(
              op + "-int64-scalar",
              new TestGraph()
                  .input("x", INT64, DYN, 6)
                  .initializer("zero", Tensor.of(new long[] {1}))
                  .node(op, List.of("x", "zero"), List.of("z"))
                  .output("z", BOOL, DYN, 6),
              Map.of("x", in.longs(0, 3, ROWS, 6))));
    }
    cases.add(
        new Case(
            "Greater-float-broadcast",
            new TestGraph()
                .input("x", FLOAT32, DYN, 2, 3)
                .input("y", FLOAT32, DYN, 1, 3)
                .node("Greater", List.of("x", "y"), List.of("z"))
                .output("z", BOOL, DYN, 2, 3),
            Map.of("x", in.floats(ROWS, 2, 3), "y", in.floats(ROWS, 1, 3))));
    cases.add(
        new Case(
            "Where-broadcast",
            new TestGraph()
                .input("c", BOOL, DYN, 4)
                .input("x", FLOAT32, DYN, 4)
                .initializer("y", Tensor.of(new float[] {-7f}))
                .node("Where", List.of("c", "x", "y"), List.of("z"))
                .output("z", FLOAT32, DYN, 4),
            Map.of("c", in.bools(ROWS, 4), "x", in.floats(ROWS, 4))));

    cases.add(
        new Case(
            "Where-condition-broadcast",
            new TestGraph()
                .input("c", BOOL, DYN, 1, 4)
                .input("x", FLOAT32, DYN, 3, 4)
                .input("y", FLOAT32, DYN, 3, 1)
                .node("Where", List.of("c", "x", "y"), List.of("z"))
                .output("z", FLOAT32, DYN, 3, 4),
            Map.of(
                "c",
                in.bools(ROWS, 1, 4),
                "x",
                in.floats(ROWS, 3, 4),
                "y",
                in.floats(ROWS, 3, 1))));

    // Softmax and LogSoftmax on the last axis, a middle axis and a negative one.
    for (String op : List.of("Softmax", "LogSoftmax")) {
      for (long axis : new long[] {-1, 1, -3}) {
        cases.add(
            new Case(
                op + "-axis" + axis,
                new TestGraph()
                    .input("x", FLOAT32, DYN, 3, 4)
                    .node(op, List.of("x"), List.of("z"), "axis", axis)
                    .output("z", FLOAT32, DYN, 3, 4),
                Map.of("x", in.floats(ROWS, 3, 4))));
      }
    }

    // Cast: float to int64 truncates toward zero; bool to float is the masked mean's mask.
    cases.add(castCase("Cast-float-int64", in.floats(ROWS, 4), INT64));
    cases.add(castCase("Cast-int64-float", in.longs(-9, 9, ROWS, 4), FLOAT32));
    cases.add(castCase("Cast-bool-float", in.bools(ROWS, 4), FLOAT32));
    cases.add(castCase("Cast-float-bool", in.longs(-1, 2, ROWS, 4).cast(FLOAT32), BOOL));

    cases.add(clip("Clip-min", List.of("x", "lo")));
    cases.add(clip("Clip-min-max", List.of("x", "lo", "hi")));
    cases.add(clip("Clip-max", List.of("x", "", "hi")));
    cases.add(
        new Case(
            "Clip-runtime-bounds",
            new TestGraph()
                .input("x", FLOAT32, DYN, 4)
                .input("lo", FLOAT32)
                .node("Clip", List.of("x", "lo"), List.of("z"))
                .output("z", FLOAT32, DYN, 4),
            Map.of("x", in.floats(ROWS, 4), "lo", Tensor.of(new float[] {0.25f}))));

    // Gather: an embedding lookup, a negative axis, a scalar index, negative constant indices.
    cases.add(
        new Case(
            "Gather-embedding",
            new TestGraph()
                .input("ids", INT64, DYN, 5)
                .initializer("table", in.floats(10, 3))
                .node("Gather", List.of("table", "ids"), List.of("z"))
                .output("z", FLOAT32, DYN, 5, 3),
            Map.of("ids", in.longs(0, 10, ROWS, 5))));
    cases.add(
        new Case(
            "Gather-negative-axis",
            new TestGraph()
                .input("x", FLOAT32, DYN, 4, 5)
                .initializer("i", Tensor.of(new long[] {4, 0, 2}, 3))
                .node("Gather", List.of("x", "i"), List.of("z"), "axis", -1)
                .output("z", FLOAT32, DYN, 4, 3),
            Map.of("x", in.floats(ROWS, 4, 5))));
    cases.add(
        new Case(
            "Gather-scalar-negative-index",
            new TestGraph()
                .input("x", FLOAT32, DYN, 4, 5)
                .initializer("i", Tensor.of(new long[] {-2}))
                .node("Gather", List.of("x", "i"), List.of("z"), "axis", 1)
                .output("z", FLOAT32, DYN, 5),
            Map.of("x", in.floats(ROWS, 4, 5))));

    // Reductions: a negative axis, several axes kept, every axis.
    cases.add(reduceSum("ReduceSum-last", new long[] {-1}, 0, FLOAT32, DYN, 3));
    cases.add(reduceSum("ReduceSum-axes-keep", new long[] {1, 2}, 1, FLOAT32, DYN, 1, 1));
    cases.add(
        new Case(
            "ReduceSum-all",
            new TestGraph()
                .input("x", FLOAT32, DYN, 3, 4)
                .node("ReduceSum", List.of("x"), List.of("z"), "keepdims", 0)
                .output("z", FLOAT32),
            Map.of("x", in.floats(ROWS, 3, 4))));
    cases.add(
        new Case(
            "ReduceMean-negative-axis",
            new TestGraph()
                .input("x", FLOAT32, DYN, 3, 4)
                .node("ReduceMean", List.of("x"), List.of("z"), "axes", new long[] {-2})
                .output("z", FLOAT32, DYN, 1, 4),
            Map.of("x", in.floats(ROWS, 3, 4))));

    cases.add(
        new Case(
            "Concat-negative-axis",
            new TestGraph()
                .input("a", FLOAT32, DYN, 2)
                .input("b", FLOAT32, DYN, 3)
                .input("c", FLOAT32, DYN, 1)
                .node("Concat", List.of("a", "b", "c"), List.of("z"), "axis", -1)
                .output("z", FLOAT32, DYN, 6),
            Map.of("a", in.floats(ROWS, 2), "b", in.floats(ROWS, 3), "c", in.floats(ROWS, 1))));
    cases.add(
        new Case(
            "Concat-batch-axis",
            new TestGraph()
                .input("a", FLOAT32, DYN, 2)
                .initializer("c", in.floats(1, 2))
                .node("Concat", List.of("c", "a"), List.of("z"), "axis", 0)
                .output("z", FLOAT32, DYN, 2),
            Map.of("a", in.floats(ROWS, 2))));

    // Reshape: 0 copies the dynamic batch, -1 is inferred; a shape computed from Shape at run time.
    cases.add(reshape("Reshape-copy-and-infer", new long[] {0, -1}, 2, DYN, 12));
    cases.add(reshape("Reshape-static-split", new long[] {-1, 2, 6}, 3, DYN, 2, 6));
    cases.add(
        new Case(
            "Reshape-dynamic-batch-chain",
            new TestGraph()
                .input("x", FLOAT32, DYN, 3, 4)
                .initializer("zero", Tensor.of(new long[] {0}))
                .initializer("axes0", Tensor.of(new long[] {0}, 1))
                .initializer("minus1", Tensor.of(new long[] {-1}, 1))
                .node("Shape", List.of("x"), List.of("s"))
                .node("Gather", List.of("s", "zero"), List.of("n"), "axis", 0)
                .node("Unsqueeze", List.of("n", "axes0"), List.of("n1"))
                .node("Concat", List.of("n1", "minus1"), List.of("shape"), "axis", 0)
                .node("Reshape", List.of("x", "shape"), List.of("z"))
                .output("z", FLOAT32, DYN, DYN),
            Map.of("x", in.floats(ROWS, 3, 4))));

    for (long axis : new long[] {1, -1, 0}) {
      long outer = axis == 0 ? 1 : DYN;
      long inner = axis == 1 ? 12 : axis == -1 ? 4 : DYN;
      cases.add(
          new Case(
              "Flatten-axis" + axis,
              new TestGraph()
                  .input("x", FLOAT32, DYN, 3, 4)
                  .node("Flatten", List.of("x"), List.of("z"), "axis", axis)
                  .output("z", FLOAT32, outer, inner),
              Map.of("x", in.floats(ROWS, 3, 4))));
    }
    cases.add(unsqueeze("Unsqueeze-negative", new long[] {-1}, DYN, 3, 1));
    cases.add(unsqueeze("Unsqueeze-two", new long[] {0, 2}, 1, DYN, 1, 3));
    cases.add(squeeze("Squeeze-middle", new long[] {1}, new long[] {DYN, 1, 3}, DYN, 3));
    cases.add(squeeze("Squeeze-negative", new long[] {-1}, new long[] {DYN, 3, 1}, DYN, 3));
    cases.add(
        new Case(
            "Squeeze-no-axes-static",
            new TestGraph()
                .input("x", FLOAT32, 1, 3, 1)
                .node("Squeeze", List.of("x"), List.of("z"))
                .output("z", FLOAT32, 3),
            Map.of("x", in.floats(1, 3, 1))));
    cases.add(transpose("Transpose-perm", new long[] {0, 2, 1}, DYN, 4, 3));
    cases.add(transpose("Transpose-default", null, 4, 3, DYN));

    // Slice: plain, negative starts and ends, a step of 2, a negative step to the start, end past
    // the dimension, negative axes.
    cases.add(slice("Slice-plain", new long[] {1}, new long[] {3}, new long[] {1}, null, 2));
    cases.add(
        slice("Slice-negative-bounds", new long[] {-4}, new long[] {-1}, new long[] {-1}, null, 3));
    cases.add(
        slice(
            "Slice-step2-past-end",
            new long[] {1},
            new long[] {Long.MAX_VALUE},
            new long[] {1},
            new long[] {2},
            3));
    cases.add(
        slice(
            "Slice-negative-step-to-start",
            new long[] {-1},
            new long[] {Long.MIN_VALUE},
            new long[] {-1},
            new long[] {-1},
            6));
    cases.add(
        slice(
            "Slice-two-axes",
            new long[] {0, 2},
            new long[] {2, 5},
            new long[] {-2, 2},
            new long[] {1, 2},
            2));

    cases.add(
        new Case(
            "Pad-value-two-axes",
            new TestGraph()
                .input("x", FLOAT32, DYN, 3, 4)
                .initializer("pads", Tensor.of(new long[] {0, 1, 2, 0, 0, 1}, 6))
                .initializer("v", Tensor.of(new float[] {-3f}))
                .node("Pad", List.of("x", "pads", "v"), List.of("z"))
                .output("z", FLOAT32, DYN, 4, 7),
            Map.of("x", in.floats(ROWS, 3, 4))));
    cases.add(
        new Case(
            "Pad-zeros-as-torch-writes",
            new TestGraph()
                .input("x", FLOAT32, DYN, 2, 4, 4)
                .initializer("pads", Tensor.of(new long[8], 8))
                .node("Pad", List.of("x", "pads"), List.of("p"), "mode", "constant")
                .node("AveragePool", List.of("p"), List.of("z"), "kernel_shape", new long[] {2, 2})
                .output("z", FLOAT32, DYN, 2, 3, 3),
            Map.of("x", in.floats(ROWS, 2, 4, 4))));
    cases.add(
        new Case(
            "Shape-start-end",
            new TestGraph(15)
                .input("x", FLOAT32, DYN, 3, 4)
                .node("Shape", List.of("x"), List.of("z"), "start", -2)
                .output("z", INT64, 2),
            Map.of("x", in.floats(ROWS, 3, 4))));
    cases.add(
        new Case(
            "Shape-dynamic-batch",
            new TestGraph()
                .input("x", FLOAT32, DYN, 3)
                .node("Shape", List.of("x"), List.of("z"))
                .output("z", INT64, 2),
            Map.of("x", in.floats(ROWS, 3))));
    cases.add(
        new Case(
            "ConstantOfShape-dynamic-batch",
            new TestGraph()
                .input("x", FLOAT32, DYN, 4)
                .node("Shape", List.of("x"), List.of("s"))
                .node(
                    "ConstantOfShape",
                    List.of("s"),
                    List.of("ones"),
                    "value",
                    Tensor.of(new float[] {1.5f}, 1))
                .node("Add", List.of("x", "ones"), List.of("z"))
                .output("z", FLOAT32, DYN, 4),
            Map.of("x", in.floats(ROWS, 4))));
    cases.add(
        new Case(
            "ConstantOfShape-int64-default",
            new TestGraph()
                .input("x", INT64, DYN, 3)
                .initializer("shape", Tensor.of(new long[] {3}, 1))
                .node(
                    "ConstantOfShape",
                    List.of("shape"),
                    List.of("c"),
                    "value",
                    Tensor.of(new long[] {7}, 1))
                .node("Add", List.of("x", "c"), List.of("z"))
                .output("z", INT64, DYN, 3),
            Map.of("x", in.longs(-5, 5, ROWS, 3))));
    cases.add(
        new Case(
            "Constant-forms",
            new TestGraph()
                .input("x", FLOAT32, DYN, 3)
                .node("Constant", List.of(), List.of("a"), "value_float", 0.5f)
                .node("Constant", List.of(), List.of("b"), "value_floats", new float[] {1, 2, 3})
                .node("Constant", List.of(), List.of("c"), "value", in.floats(3))
                .node("Mul", List.of("x", "a"), List.of("t"))
                .node("Add", List.of("t", "b"), List.of("u"))
                .node("Sub", List.of("u", "c"), List.of("z"))
                .output("z", FLOAT32, DYN, 3),
            Map.of("x", in.floats(ROWS, 3))));

    // MatMul: batched with broadcasting of a matrix, a vector on the right, a vector on the left.
    cases.add(matMul("MatMul-batched", new long[] {DYN, 3, 4}, in.floats(4, 5), DYN, 3, 5));
    cases.add(matMul("MatMul-vector-right", new long[] {DYN, 4}, in.floats(4), DYN));
    cases.add(
        new Case(
            "MatMul-vector-left",
            new TestGraph()
                .input("v", FLOAT32, 4)
                .input("m", FLOAT32, DYN, 4, 3)
                .node("MatMul", List.of("v", "m"), List.of("z"))
                .output("z", FLOAT32, DYN, 3),
            Map.of("v", in.floats(4), "m", in.floats(ROWS, 4, 3))));
    cases.add(
        new Case(
            "MatMul-both-batched",
            new TestGraph()
                .input("a", FLOAT32, DYN, 2, 3)
                .input("b", FLOAT32, DYN, 3, 2)
                .node("MatMul", List.of("a", "b"), List.of("z"))
                .output("z", FLOAT32, DYN, 2, 2),
            Map.of("a", in.floats(ROWS, 2, 3), "b", in.floats(ROWS, 3, 2))));

    // Gemm: torch's Linear (transB, bias vector), transA with alpha and beta, no C, a matrix C.
    cases.add(gemm("Gemm-linear", in.floats(3, 4), in.floats(3), new Object[] {"transB", 1}));
    cases.add(
        new Case(
            "Gemm-transA-alpha-beta",
            new TestGraph()
                .input("a", FLOAT32, 4, DYN)
                .initializer("b", in.floats(4, 3))
                .initializer("c", in.floats(1, 3))
                .node(
                    "Gemm",
                    List.of("a", "b", "c"),
                    List.of("z"),
                    "transA",
                    1,
                    "alpha",
                    0.5f,
                    "beta",
                    2f)
                .output("z", FLOAT32, DYN, 3),
            Map.of("a", in.floats(4, ROWS))));
    cases.add(gemm("Gemm-no-c", in.floats(4, 3), null, new Object[] {}));
    cases.add(
        new Case(
            "Gemm-matrix-c",
            new TestGraph()
                .input("a", FLOAT32, 3, 4)
                .initializer("b", in.floats(4, 2))
                .input("c", FLOAT32, 3, 2)
                .node("Gemm", List.of("a", "b", "c"), List.of("z"))
                .output("z", FLOAT32, 3, 2),
            Map.of("a", in.floats(3, 4), "c", in.floats(3, 2))));

    // Layer normalisation: the opset-17 op on the last axis and on two trailing axes without a
    // bias, and torch's decomposed form at opset 13. GELU in its Erf form.
    cases.add(
        new Case(
            "LayerNormalization-last",
            new TestGraph(17)
                .input("x", FLOAT32, DYN, 3, 6)
                .initializer("g", in.floats(6))
                .initializer("b", in.floats(6))
                .node("LayerNormalization", List.of("x", "g", "b"), List.of("z"), "epsilon", 1e-5f)
                .output("z", FLOAT32, DYN, 3, 6),
            Map.of("x", in.floats(ROWS, 3, 6))));
    cases.add(
        new Case(
            "LayerNormalization-two-axes",
            new TestGraph(17)
                .input("x", FLOAT32, DYN, 3, 4)
                .initializer("g", in.floats(3, 4))
                .node("LayerNormalization", List.of("x", "g"), List.of("z"), "axis", -2)
                .output("z", FLOAT32, DYN, 3, 4),
            Map.of("x", in.floats(ROWS, 3, 4))));
    cases.add(decomposedLayerNorm(in));
    cases.add(gelu(in));

    for (long[] dims : new long[][] {{DYN, 3}, {DYN, 3, 5}, {DYN, 3, 4, 4}}) {
      cases.add(batchNorm(in, dims));
    }

    // Convolutions: 2-D with pads and stride, grouped with dilation, 1-D without bias.
    cases.add(
        conv(
            "Conv-2d-pads-stride",
            new long[] {DYN, 2, 7, 7},
            in.floats(4, 2, 3, 3),
            in.floats(4),
            new long[] {DYN, 4, 4, 4},
            "pads",
            new long[] {1, 1, 1, 1},
            "strides",
            new long[] {2, 2}));
    cases.add(
        conv(
            "Conv-2d-group-dilation",
            new long[] {DYN, 4, 7, 6},
            in.floats(6, 2, 2, 3),
            in.floats(6),
            new long[] {DYN, 6, 5, 2},
            "group",
            2,
            "dilations",
            new long[] {2, 2}));
    cases.add(
        conv(
            "Conv-1d",
            new long[] {DYN, 3, 10},
            in.floats(4, 3, 3),
            null,
            new long[] {DYN, 4, 10},
            "pads",
            new long[] {1, 1},
            "kernel_shape",
            new long[] {3}));

    cases.add(
        pool(
            "MaxPool-2d-pads",
            "MaxPool",
            new long[] {DYN, 2, 6, 6},
            new long[] {DYN, 2, 3, 3},
            "kernel_shape",
            new long[] {3, 3},
            "strides",
            new long[] {2, 2},
            "pads",
            new long[] {1, 1, 1, 1}));
    cases.add(
        pool(
            "MaxPool-1d",
            "MaxPool",
            new long[] {DYN, 3, 8},
            new long[] {DYN, 3, 4},
            "kernel_shape",
            new long[] {2},
            "strides",
            new long[] {2}));
    cases.add(
        pool(
            "AveragePool-2d-pads-excluded",
            "AveragePool",
            new long[] {DYN, 2, 5, 5},
            new long[] {DYN, 2, 5, 5},
            "kernel_shape",
            new long[] {3, 3},
            "pads",
            new long[] {1, 1, 1, 1}));
    cases.add(
        pool(
            "AveragePool-2d-pads-included",
            "AveragePool",
            new long[] {DYN, 2, 5, 5},
            new long[] {DYN, 2, 3, 3},
            "kernel_shape",
            new long[] {3, 3},
            "strides",
            new long[] {2, 2},
            "pads",
            new long[] {1, 1, 1, 1},
            "count_include_pad",
            1));
    cases.add(
        pool(
            "AveragePool-1d",
            "AveragePool",
            new long[] {DYN, 3, 9},
            new long[] {DYN, 3, 3},
            "kernel_shape",
            new long[] {3},
            "strides",
            new long[] {3}));
    cases.add(
        new Case(
            "GlobalAveragePool",
            new TestGraph()
                .input("x", FLOAT32, DYN, 3, 4, 5)
                .node("GlobalAveragePool", List.of("x"), List.of("z"))
                .output("z", FLOAT32, DYN, 3, 1, 1),
            Map.of("x", in.floats(ROWS, 3, 4, 5))));
    return cases.stream();
  }

  private static Case single(String op, Tensor x, Dtype type) {
    long[] dims = x.shape();
    dims[0] = DYN;
    return new Case(
        op,
        new TestGraph()
            .input("x", type, dims)
            .node(op, List.of("x"), List.of("z"))
            .output("z", type, dims),
        Map.of("x", x));
  }

  private static Case castCase(String name, Tensor x, Dtype to) {
    return new Case(
        name,
        new TestGraph()
            .input("x", x.dtype(), DYN, 4)
            .node("Cast", List.of("x"), List.of("z"), "to", OnnxType.code(to))
            .output("z", to, DYN, 4),
        Map.of("x", x));
  }

  private static Case clip(String name, List<String> inputs) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    return new Case(
        name,
        new TestGraph()
            .input("x", FLOAT32, DYN, 4)
            .initializer("lo", Tensor.of(new float[] {-0.5f}))
            .initializer("hi", Tensor.of(new float[] {0.75f}))
            .node("Clip", inputs, List.of("z"))
            .output("z", FLOAT32, DYN, 4),
        Map.of("x", in.floats(ROWS, 4)));
  }

  private static Case reduceSum(String name, long[] axes, long keep, Dtype type, long... outDims) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    return new Case(
        name,
        new TestGraph()
            .input("x", type, DYN, 3, 4)
            .initializer("axes", Tensor.of(axes, axes.length))
            .node("ReduceSum", List.of("x", "axes"), List.of("z"), "keepdims", keep)
            .output("z", type, outDims),
        Map.of("x", in.floats(ROWS, 3, 4)));
  }

  private static Case reshape(String name, long[] shape, int rank, long... outDims) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    return new Case(
        name,
        new TestGraph()
            .input("x", FLOAT32, DYN, 3, 4)
            .initializer("shape", Tensor.of(shape, rank))
            .node("Reshape", List.of("x", "shape"), List.of("z"))
            .output("z", FLOAT32, outDims),
        Map.of("x", in.floats(ROWS, 3, 4)));
  }

  private static Case unsqueeze(String name, long[] axes, long... outDims) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    return new Case(
        name,
        new TestGraph()
            .input("x", FLOAT32, DYN, 3)
            .initializer("axes", Tensor.of(axes, axes.length))
            .node("Unsqueeze", List.of("x", "axes"), List.of("z"))
            .output("z", FLOAT32, outDims),
        Map.of("x", in.floats(ROWS, 3)));
  }

  private static Case squeeze(String name, long[] axes, long[] inDims, long... outDims) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    long[] rows = inDims.clone();
    rows[0] = ROWS;
    return new Case(
        name,
        new TestGraph()
            .input("x", FLOAT32, inDims)
            .initializer("axes", Tensor.of(axes, axes.length))
            .node("Squeeze", List.of("x", "axes"), List.of("z"))
            .output("z", FLOAT32, outDims),
        Map.of("x", in.floats(rows)));
  }

  private static Case transpose(String name, long[] perm, long... outDims) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    Object[] attrs = perm == null ? new Object[0] : new Object[] {"perm", perm};
    return new Case(
        name,
        new TestGraph()
            .input("x", FLOAT32, DYN, 3, 4)
            .node("Transpose", List.of("x"), List.of("z"), attrs)
            .output("z", FLOAT32, outDims),
        Map.of("x", in.floats(ROWS, 3, 4)));
  }

  private static Case slice(
      String name, long[] starts, long[] ends, long[] axes, long[] steps, long outLast) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    TestGraph g =
        new TestGraph()
            .input("x", FLOAT32, DYN, 4, 6)
            .initializer("starts", Tensor.of(starts, starts.length))
            .initializer("ends", Tensor.of(ends, ends.length))
            .initializer("axes", Tensor.of(axes, axes.length));
    List<String> inputs = new ArrayList<>(List.of("x", "starts", "ends", "axes"));
    if (steps != null) {
      g.initializer("steps", Tensor.of(steps, steps.length));
      inputs.add("steps");
    }
    long middle = name.equals("Slice-two-axes") ? 2 : 4;
    return new Case(
        name,
        g.node("Slice", inputs, List.of("z")).output("z", FLOAT32, DYN, middle, outLast),
        Map.of("x", in.floats(ROWS, 4, 6)));
  }

  private static Case matMul(String name, long[] aDims, Tensor b, long... outDims) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    long[] rows = aDims.clone();
    rows[0] = ROWS;
    return new Case(
        name,
        new TestGraph()
            .input("a", FLOAT32, aDims)
            .initializer("b", b)
            .node("MatMul", List.of("a", "b"), List.of("z"))
            .output("z", FLOAT32, outDims),
        Map.of("a", in.floats(rows)));
  }

  private static Case gemm(String name, Tensor b, Tensor c, Object[] attrs) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    TestGraph g = new TestGraph().input("a", FLOAT32, DYN, 4).initializer("b", b);
    List<String> inputs = new ArrayList<>(List.of("a", "b"));
    if (c != null) {
      g.initializer("c", c);
      inputs.add("c");
    }
    return new Case(
        name,
        g.node("Gemm", inputs, List.of("z"), attrs).output("z", FLOAT32, DYN, 3),
        Map.of("a", in.floats(ROWS, 4)));
  }

  /** torch.nn.LayerNorm as torch 1.13 exports it below opset 17. */
  private static Case decomposedLayerNorm(Inputs in) {
    return new Case(
        "LayerNorm-decomposed",
        new TestGraph()
            .input("x", FLOAT32, DYN, 6)
            .initializer("two", Tensor.of(new float[] {2f}))
            .initializer("eps", Tensor.of(new float[] {1e-5f}))
            .initializer("g", in.floats(6))
            .initializer("b", in.floats(6))
            .node("ReduceMean", List.of("x"), List.of("mean"), "axes", new long[] {-1})
            .node("Sub", List.of("x", "mean"), List.of("d"))
            .node("Pow", List.of("d", "two"), List.of("sq"))
            .node("ReduceMean", List.of("sq"), List.of("var"), "axes", new long[] {-1})
            .node("Add", List.of("var", "eps"), List.of("ve"))
            .node("Sqrt", List.of("ve"), List.of("std"))
            .node("Div", List.of("d", "std"), List.of("n"))
            .node("Mul", List.of("n", "g"), List.of("s"))
            .node("Add", List.of("s", "b"), List.of("z"))
            .output("z", FLOAT32, DYN, 6),
        Map.of("x", in.floats(ROWS, 6)));
  }

  /** torch.nn.GELU() as torch 1.13 exports it: x * 0.5 * (1 + erf(x / sqrt(2))). */
  private static Case gelu(Inputs in) {
    return new Case(
        "GELU-erf",
        new TestGraph()
            .input("x", FLOAT32, DYN, 5)
            .initializer("sqrt2", Tensor.of(new float[] {1.4142135f}))
            .initializer("one", Tensor.of(new float[] {1f}))
            .initializer("half", Tensor.of(new float[] {0.5f}))
            .node("Div", List.of("x", "sqrt2"), List.of("a"))
            .node("Erf", List.of("a"), List.of("e"))
            .node("Add", List.of("e", "one"), List.of("p"))
            .node("Mul", List.of("x", "p"), List.of("m"))
            .node("Mul", List.of("m", "half"), List.of("z"))
            .output("z", FLOAT32, DYN, 5),
        Map.of("x", in.floats(ROWS, 5)));
  }

  private static Case batchNorm(Inputs in, long[] dims) {
    long[] rows = dims.clone();
    rows[0] = ROWS;
    return new Case(
        "BatchNormalization-rank" + dims.length,
        new TestGraph(15)
            .input("x", FLOAT32, dims)
            .initializer("scale", in.floats(3))
            .initializer("bias", in.floats(3))
            .initializer("mean", in.floats(3))
            .initializer("var", in.positive(3))
            .node(
                "BatchNormalization",
                List.of("x", "scale", "bias", "mean", "var"),
                List.of("z"),
                "epsilon",
                1e-3f)
            .output("z", FLOAT32, dims),
        Map.of("x", in.floats(rows)));
  }

  private static Case conv(
      String name, long[] xDims, Tensor w, Tensor b, long[] outDims, Object... attrs) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    long[] rows = xDims.clone();
    rows[0] = ROWS;
    TestGraph g = new TestGraph().input("x", FLOAT32, xDims).initializer("w", w);
    List<String> inputs = new ArrayList<>(List.of("x", "w"));
    if (b != null) {
      g.initializer("b", b);
      inputs.add("b");
    }
    return new Case(
        name,
        g.node("Conv", inputs, List.of("z"), attrs).output("z", FLOAT32, outDims),
        Map.of("x", in.floats(rows)));
  }

  private static Case pool(String name, String op, long[] xDims, long[] outDims, Object... attrs) {
    Inputs in = new Inputs(new Random(name.hashCode()));
    long[] rows = xDims.clone();
    rows[0] = ROWS;
    return new Case(
        name,
        new TestGraph()
            .input("x", FLOAT32, xDims)
            .node(op, List.of("x"), List.of("z"), attrs)
            .output("z", FLOAT32, outDims),
        Map.of("x", in.floats(rows)));
  }

  /** Random test inputs from a fixed seed. */
  static final class Inputs {
    private final Random random;

    Inputs(Random random) {
      this.random = random;
    }

    Tensor floats(long... shape) {
      float[] v = new float[count(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (random.nextGaussian());
      }
      return Tensor.of(v, shape);
    }

    Tensor positive(long... shape) {
      float[] v = new float[count(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = 0.1f + 2 * random.nextFloat();
      }
      return Tensor.of(v, shape);
    }

    Tensor longs(long from, long to, long... shape) {
      long[] v = new long[count(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = from + (long) (random.nextDouble() * (to - from));
      }
      return Tensor.of(v, shape);
    }

    Tensor bools(long... shape) {
      byte[] v = new byte[count(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = (byte) (random.nextBoolean() ? 1 : 0);
      }
      return Tensor.ofBytes(Dtype.BOOL, v, shape);
    }

    private static int count(long[] shape) {
      return (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }
  }
}
