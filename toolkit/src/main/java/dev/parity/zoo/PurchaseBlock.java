package dev.parity.zoo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.parity.card.Architecture;
import dev.parity.card.ModelCard;
import dev.parity.card.TensorSpec;
import dev.parity.tensor.Dtype;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The purchase network as a DJL block built from engine-neutral operators only, so that one block
 * runs on MXNet and PyTorch alike.
 *
 * <p>It takes one {@code int64 [batch, length]} array of ids per field, in the order of the card's
 * signature inputs (0 is padding). Each field's embeddings are averaged over its non-padding ids
 * (an empty bag gives zeros), the averages are concatenated, and every hidden layer computes {@code
 * relu(h·Wᵀ + b)}. It returns {@value #PROBABILITY} ({@code [batch]}, the sigmoid of the output
 * layer) and {@value #HIDDEN} ({@code [batch, H]}, the last hidden layer), in that order and so
 * named, then the taps the card's signature lists, in its order and named as {@link
 * Architecture#tapShapes} names them (embedding means, hidden layers, the logits).
 *
 * <p>Its parameters carry the names of the arrays in {@code weights.npz} ({@code
 * embedding.<field>}, {@code dense<i>.weight}, {@code dense<i>.bias}, {@code output.weight}, {@code
 * output.bias}) and the torch layout ({@code [out, in]} weights). They are meant to be set from
 * those arrays with {@link #setParameter}, as {@link PurchaseBlockFactory} does; {@link
 * #initialize} fills any that are not set with DJL's default initialisers, for tests.
 */
public final class PurchaseBlock extends AbstractBlock {

  /** The name of the first output, the purchase probability. */
  public static final String PROBABILITY = "probability";

  /** The name of the second output, the last hidden layer. */
  public static final String HIDDEN = "hidden";

  private static final byte VERSION = 1;

  private final List<TensorSpec> fields;
  private final Map<String, Shape> expectedShapes = new LinkedHashMap<>();
  private final List<Parameter> embeddings = new ArrayList<>();
  private final List<Parameter> weights = new ArrayList<>();
  private final List<Parameter> biases = new ArrayList<>();
  private final int hiddenWidth;
  private final List<String> taps;
  private final Map<String, List<Long>> tapShapes;

  /**
   * Declares the block's parameters from a model card; no arrays are set yet.
   *
   * @param card the model card: its {@code architecture} ({@code embeddingDim}, {@code hidden}) and
   *     its signature's inputs, each {@code int64 [-1, length]} with the range {@code [0,
   *     vocabSize)} of its embedding table
   * @throws IllegalArgumentException if the card has no architecture, no hidden layers, or an input
   *     that is not such an id input
   */
  public PurchaseBlock(ModelCard card) {
    super(VERSION);
    Architecture architecture = card.architecture();
    if (architecture == null) {
      throw new IllegalArgumentException(
          "model card " + card.id() + " has no architecture section; the block is built from it");
    }
    if (architecture.hidden().isEmpty()) {
      throw new IllegalArgumentException(
          "model card lists no architecture.hidden layers; the block needs at least one");
    }
    int dim = positive(architecture.embeddingDim(), "architecture.embeddingDim");
    List<TensorSpec> ordered = new ArrayList<>();
    for (TensorSpec input : card.signature().inputs()) {
      if (input.dtype() != Dtype.INT64
          || input.shape().size() != 2
          || input.range() == null
          || input.range().low() != 0) {
        throw new IllegalArgumentException(
            "input "
                + input.name()
                + " is "
                + input.describe()
                + "; the purchase block takes int64 [-1, length] ids with a range [0, vocabSize)");
      }
      ordered.add(input);
      Shape shape = new Shape(Math.toIntExact(input.range().high()), dim);
      embeddings.add(declare("embedding." + input.name(), Parameter.Type.WEIGHT, shape));
    }
    fields = Collections.unmodifiableList(ordered);
    inputNames = card.signature().inputNames();

    long width = (long) dim * ordered.size();
    List<Integer> hidden = architecture.hidden();
    for (int i = 0; i < hidden.size(); i++) {
      int out = positive(hidden.get(i), "architecture.hidden[" + i + "]");
      weights.add(declare("dense" + i + ".weight", Parameter.Type.WEIGHT, new Shape(out, width)));
      biases.add(declare("dense" + i + ".bias", Parameter.Type.BIAS, new Shape(out)));
      width = out;
    }
    hiddenWidth = (int) width;
    // ModelCard has checked that every tap is one of the network's own.
    taps = card.signature().tapNames();
    tapShapes = architecture.tapShapes(inputNames);
    weights.add(declare("output.weight", Parameter.Type.WEIGHT, new Shape(1, width)));
    biases.add(declare("output.bias", Parameter.Type.BIAS, new Shape(1)));
  }

  private static int positive(int value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "model card " + what + ": expected a positive number but found " + value);
    }
    return value;
  }

  private Parameter declare(String name, Parameter.Type type, Shape shape) {
    expectedShapes.put(name, shape);
    // Inference only: no gradient buffers.
    return addParameter(
        Parameter.builder().setName(name).setType(type).optRequiresGrad(false).build());
  }

  /**
   * Returns the parameter names with the shapes the model card implies.
   *
   * @return name to shape, in the order of {@code weights.npz}'s description: embeddings in input
   *     order, then each layer's weight and bias, the output layer last
   */
  public Map<String, Shape> expectedShapes() {
    return Collections.unmodifiableMap(expectedShapes);
  }

  /**
   * Returns the input fields.
   *
   * @return the fields in the order the block takes them
   */
  public List<TensorSpec> fields() {
    return fields;
  }

  /**
   * Returns the width of the last hidden layer, the second dimension of {@value #HIDDEN}.
   *
   * @return {@code H}
   */
  public int hiddenWidth() {
    return hiddenWidth;
  }

  /**
   * Sets one parameter's array; the block keeps it (its manager owns it).
   *
   * @param name a name from {@link #expectedShapes()}, e.g. {@code dense0.weight}
   * @param array a {@code float32} array of the expected shape
   * @throws IllegalArgumentException if the name is unknown, or the array's type or shape differs
   * @throws IllegalStateException if the parameter already has an array
   */
  public void setParameter(String name, NDArray array) {
    Shape expected = expectedShapes.get(name);
    if (expected == null) {
      throw new IllegalArgumentException(
          "the purchase block has no parameter "
              + name
              + "; parameters: "
              + String.join(", ", expectedShapes.keySet()));
    }
    if (array.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          name + ": expected float32 but found " + array.getDataType());
    }
    if (!expected.equals(array.getShape())) {
      throw new IllegalArgumentException(
          name + ": expected shape " + expected + " but found " + array.getShape());
    }
    Parameter parameter = parameters.get(name);
    if (parameter.isInitialized()) {
      throw new IllegalStateException(name + ": the parameter already has an array");
    }
    parameter.setArray(array);
  }

  /**
   * Returns example input shapes, one {@code [batch, length]} per field.
   *
   * @param batch the batch size
   * @return the shapes in input order
   */
  public Shape[] inputShapes(long batch) {
    return fields.stream().map(f -> new Shape(batch, f.shape().get(1))).toArray(Shape[]::new);
  }

  /** {@inheritDoc} */
  @Override
  protected void beforeInitialize(Shape... inputShapes) {
    checkInputShapes(inputShapes);
    super.beforeInitialize(inputShapes);
  }

  /** {@inheritDoc} */
  @Override
  protected void prepare(Shape[] inputShapes) {
    // Arrays set from weights.npz fix their own shapes; the others take the card's.
    for (Parameter parameter : parameters.values()) {
      if (!parameter.isInitialized() && parameter.getShape() == null) {
        parameter.setShape(expectedShapes.get(parameter.getName()));
      }
    }
  }

  /** {@inheritDoc} */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    checkInputShapes(inputShapes);
    long batch = inputShapes[0].get(0);
    List<Shape> shapes = new ArrayList<>();
    shapes.add(new Shape(batch));
    shapes.add(new Shape(batch, hiddenWidth));
    for (String tap : taps) {
      shapes.add(new Shape(batch, tapShapes.get(tap).get(1)));
    }
    return shapes.toArray(Shape[]::new);
  }

  private void checkInputShapes(Shape... inputShapes) {
    if (inputShapes.length != fields.size()) {
      throw new IllegalArgumentException(
          "expected "
              + fields.size()
              + " inputs ("
              + String.join(", ", inputNames)
              + ") but found "
              + inputShapes.length);
    }
    for (int i = 0; i < inputShapes.length; i++) {
      if (inputShapes[i].dimension() != 2) {
        throw new IllegalArgumentException(
            "input "
                + inputNames.get(i)
                + ": expected shape [batch, length] but found "
                + inputShapes[i]);
      }
    }
  }

  /** {@inheritDoc} */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    checkInputShapes(inputs.getShapes());
    // Every operator is called on a batch-derived array first, so that all intermediates belong
    // to the inputs' manager and are freed with it, never accumulating on the model's manager.
    Device device = inputs.head().getDevice();
    Map<String, NDArray> tapped = new LinkedHashMap<>();
    NDList pooled = new NDList(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      NDArray ids = inputs.get(i);
      NDArray table = parameterStore.getValue(embeddings.get(i), device, training);
      NDArray vectors = Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
      NDArray mask = ids.gt(0).toType(DataType.FLOAT32, false);
      NDArray sum = vectors.mul(mask.expandDims(2)).sum(new int[] {1});
      NDArray count = mask.sum(new int[] {1}, true).maximum(1f);
      NDArray mean = sum.div(count);
      tapped.put(Architecture.embeddingTap(fields.get(i).name()), mean);
      pooled.add(mean);
    }
    NDArray h = NDArrays.concat(pooled, 1);
    int layers = weights.size() - 1;
    for (int i = 0; i < layers; i++) {
      h = Activation.relu(linear(parameterStore, h, i, device, training));
      tapped.put(Architecture.hiddenTap(i), h);
    }
    // Linear.linear computes x·Wᵀ + b on the torch layout directly (FullyConnected on MXNet),
    // without a transposed copy of W per batch.
    NDArray logit = linear(parameterStore, h, layers, device, training);
    tapped.put(Architecture.LOGITS_TAP, logit);
    NDArray probability = Activation.sigmoid(logit).squeeze(1);
    probability.setName(PROBABILITY);
    NDList out = new NDList(2 + taps.size());
    out.add(probability);
    out.add(h);
    for (String tap : taps) {
      // A tap may also be the hidden output (the last layer): return it under its own name.
      NDArray a = tapped.get(tap);
      NDArray named = a == h ? a.duplicate() : a;
      named.setName(tap);
      out.add(named);
    }
    h.setName(HIDDEN);
    return out;
  }

  private NDArray linear(
      ParameterStore parameterStore, NDArray input, int layer, Device device, boolean training) {
    NDArray weight = parameterStore.getValue(weights.get(layer), device, training);
    NDArray bias = parameterStore.getValue(biases.get(layer), device, training);
    return Linear.linear(input, weight, bias).singletonOrThrow();
  }

  /**
   * Initialises the parameters without an array with DJL's defaults and records the input shapes;
   * parameters set from {@code weights.npz} are kept.
   *
   * @param manager the manager for new parameter arrays
   * @param dataType must be {@code FLOAT32}
   * @param inputShapes one {@code [batch, length]} per field, in input order
   */
  @Override
  public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
    if (dataType != DataType.FLOAT32) {
      throw new IllegalArgumentException("expected FLOAT32 but found " + dataType);
    }
    super.initialize(manager, dataType, inputShapes);
  }
}
