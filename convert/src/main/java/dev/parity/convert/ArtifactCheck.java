package dev.parity.convert;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.parity.convert.onnx.OnnxGraph;
import dev.parity.engine.EngineName;
import dev.parity.graph.GraphValue;
import dev.parity.graph.ValueType;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a converted artifact and ONNX Runtime (the reference) on the same named inputs and measures
 * the largest difference per output. Immutable; build it with {@link #builder()} and {@link #run()}
 * it. Inputs whose first dimension is the graph's dynamic batch are fed in batches.
 */
public final class ArtifactCheck {

  /** The rows fed per batch unless {@link Builder#optBatchSize} says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 4096;

  private final Path source;
  private final ConvertedArtifact artifact;
  private final Map<String, Tensor> inputs;
  private final int batchSize;

  private ArtifactCheck(Builder b) {
    this.source = b.source;
    this.artifact = b.artifact;
    this.inputs = Map.copyOf(b.inputs);
    this.batchSize = b.batchSize;
  }

  /**
   * Starts a check.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs both engines and compares their outputs.
   *
   * @return the largest difference per output
   * @throws IllegalArgumentException if the inputs do not match the graph's (a name missing or
   *     extra, another rank, a static dimension that differs, a float where an integer is wanted)
   * @throws IOException if the ONNX file or the artifact cannot be read
   * @throws MalformedModelException if an engine rejects its model
   */
  public CheckResult run() throws IOException, MalformedModelException {
    OnnxGraph graph = OnnxGraph.read(source);
    Map<String, Tensor> fed = matchInputs(graph);
    long rows = batchRows(graph, fed);
    List<String> outputs = graph.outputs().stream().map(GraphValue::name).toList();
    try (Model reference = Model.newInstance("onnx-reference", Device.cpu(), "OnnxRuntime")) {
      reference.load(source);
      try (Model converted = artifact.load()) {
        Map<String, Double> differences =
            compare(reference, converted, fed, rows, batchSize, outputs);
        return new CheckResult(artifact.engine(), Math.max(1, rows), differences);
      }
    }
  }

  /**
   * Runs two models batch by batch and measures the largest difference per output.
   *
   * @param expected the reference model
   * @param actual the model checked
   * @param inputs the inputs by name, in the order the models take them
   * @param rows the shared first dimension to batch along, or -1 to feed everything at once
   * @param batchSize rows per batch
   * @param outputs the output names to compare
   * @return per output, the largest {@code |actual - expected|}; infinite for a shape mismatch
   */
  static Map<String, Double> compare(
      Model expected,
      Model actual,
      Map<String, Tensor> inputs,
      long rows,
      int batchSize,
      List<String> outputs) {
    Map<String, Double> differences = new LinkedHashMap<>();
    outputs.forEach(o -> differences.put(o, 0.0));
    long step = rows < 0 ? 1 : batchSize;
    long total = rows < 0 ? 1 : rows;
    for (long start = 0; start < total; start += step) {
      long end = Math.min(total, start + step);
      Map<String, Tensor> batch = new LinkedHashMap<>();
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        batch.put(e.getKey(), rows < 0 ? e.getValue() : e.getValue().rows((int) start, (int) end));
      }
      Map<String, Tensor> want = forward(expected, batch);
      Map<String, Tensor> got = forward(actual, batch);
      for (String output : outputs) {
        differences.merge(output, difference(want.get(output), got.get(output)), Math::max);
      }
    }
    return differences;
  }

  private Map<String, Tensor> matchInputs(OnnxGraph graph) {
    Map<String, Tensor> fed = new LinkedHashMap<>();
    for (GraphValue input : graph.inputs()) {
      Tensor value = inputs.get(input.name());
      if (value == null) {
        throw new IllegalArgumentException(
            "no input array named " + input.name() + "; the graph's inputs are " + names(graph));
      }
      ValueType want = input.type();
      if (value.dtype() != want.dtype()) {
        if (value.dtype().isFloating() || want.dtype().isFloating()) {
          throw new IllegalArgumentException(
              "input " + input.name() + ": expected " + want + " but found " + value);
        }
        value = value.cast(want.dtype());
      }
      long[] dims = value.shape();
      boolean fits = dims.length == want.rank();
      for (int i = 0; fits && i < dims.length; i++) {
        fits = want.dim(i) == ValueType.UNKNOWN || want.dim(i) == dims[i];
      }
      if (!fits) {
        throw new IllegalArgumentException(
            "input " + input.name() + ": expected " + want + " but found " + value);
      }
      fed.put(input.name(), value);
    }
    if (!graph.inputs().stream().map(GraphValue::name).toList().containsAll(inputs.keySet())) {
      throw new IllegalArgumentException(
          "input arrays "
              + inputs.keySet()
              + " include names that are not graph inputs "
              + names(graph));
    }
    return fed;
  }

  private static String names(OnnxGraph graph) {
    return graph.inputs().stream().map(GraphValue::name).toList().toString();
  }

  /** The shared dynamic first dimension of every input, or -1 when the inputs have none. */
  private static long batchRows(OnnxGraph graph, Map<String, Tensor> fed) {
    long rows = -1;
    for (GraphValue input : graph.inputs()) {
      long[] dims = fed.get(input.name()).shape();
      if (input.type().rank() == 0 || input.type().dim(0) != ValueType.UNKNOWN) {
        return -1;
      }
      if (rows >= 0 && rows != dims[0]) {
        return -1;
      }
      rows = dims[0];
    }
    return rows;
  }

  /**
   * Runs a model once on named inputs, in a sub-manager of its own.
   *
   * @param model the model
   * @param inputs by name, in the order the model takes them
   * @return the outputs by name, copied out of the engine
   */
  static Map<String, Tensor> forward(Model model, Map<String, Tensor> inputs) {
    try (NDManager batch = model.getNDManager().newSubManager()) {
      NDList list = new NDList();
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        NDArray array = e.getValue().toNDArray(batch);
        array.setName(e.getKey());
        list.add(array);
      }
      NDList outputs = model.getBlock().forward(new ParameterStore(batch, false), list, false);
      Map<String, Tensor> values = new LinkedHashMap<>();
      for (NDArray output : outputs) {
        values.put(output.getName(), Tensor.of(output));
      }
      return values;
    }
  }

  private static double difference(Tensor expected, Tensor actual) {
    if (expected == null || actual == null || !Arrays.equals(expected.shape(), actual.shape())) {
      return Double.POSITIVE_INFINITY;
    }
    double[] e = expected.toDoubles();
    double[] a = actual.toDoubles();
    double max = 0;
    for (int i = 0; i < e.length; i++) {
      if (Double.isNaN(e[i]) || Double.isNaN(a[i])) {
        if (Double.isNaN(e[i]) != Double.isNaN(a[i])) {
          return Double.POSITIVE_INFINITY;
        }
        continue;
      }
      if (e[i] == a[i]) {
        // Equal infinities differ by nothing (their difference would be NaN).
        continue;
      }
      max = Math.max(max, Math.abs(e[i] - a[i]));
    }
    return max;
  }

  /** Builds an {@link ArtifactCheck}; {@code set} methods are required, {@code opt} optional. */
  public static final class Builder {
    private Path source;
    private ConvertedArtifact artifact;
    private Map<String, Tensor> inputs;
    private int batchSize = DEFAULT_BATCH_SIZE;

    private Builder() {}

    /**
     * Sets the ONNX file the artifact was converted from; ONNX Runtime runs it.
     *
     * @param onnxFile the {@code .onnx} file
     * @return this builder
     */
    public Builder setSource(Path onnxFile) {
      this.source = onnxFile;
      return this;
    }

    /**
     * Sets the artifact to check.
     *
     * @param converted what {@link OnnxConverter#convert} returned
     * @return this builder
     */
    public Builder setArtifact(ConvertedArtifact converted) {
      this.artifact = converted;
      return this;
    }

    /**
     * Sets the inputs, one array per graph input. Integer arrays are converted to the graph's
     * integer type (reference ids are often int32 where the graph takes int64).
     *
     * @param arrays by graph input name
     * @return this builder
     */
    public Builder setInputs(Map<String, Tensor> arrays) {
      this.inputs = Map.copyOf(arrays);
      return this;
    }

    /**
     * Sets how many rows are fed at once when the inputs share a dynamic first dimension.
     *
     * @param rows at least 1; default {@value ArtifactCheck#DEFAULT_BATCH_SIZE}
     * @return this builder
     */
    public Builder optBatchSize(int rows) {
      this.batchSize = rows;
      return this;
    }

    /**
     * Checks and builds the check.
     *
     * @return the check
     * @throws NullPointerException if a required value is not set
     * @throws IllegalArgumentException if no input is given, the artifact is not a TensorFlow or
     *     MXNet one, or the batch size is below 1
     */
    public ArtifactCheck build() {
      Objects.requireNonNull(source, "setSource(onnxFile) is required");
      Objects.requireNonNull(artifact, "setArtifact(converted) is required");
      Objects.requireNonNull(inputs, "setInputs(arrays) is required");
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("expected at least one input array but found none");
      }
      if (artifact.engine() != EngineName.TENSORFLOW && artifact.engine() != EngineName.MXNET) {
        throw new IllegalArgumentException(
            "expected a TensorFlow or MXNet artifact but found " + artifact.engine());
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "expected a batch size of 1 or more but found " + batchSize);
      }
      return new ArtifactCheck(this);
    }
  }
}
