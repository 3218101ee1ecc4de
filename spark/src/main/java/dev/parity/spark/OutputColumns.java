package dev.parity.spark;

import dev.parity.card.ModelCard;
import dev.parity.card.ModelId;
import dev.parity.card.Task;
import dev.parity.card.TensorSpec;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The predictions output of one model, laid out on the driver from its card: {@code id}; the task's
 * output (for a multi-class model followed by {@code predicted_class}, the index of its largest
 * score, and {@code predicted_label} when the card names the classes); the outputs asked for with
 * {@code --outputs}; then the provenance columns {@code engine}, {@code engine_version}, {@code
 * model_version}, {@code model_card_sha256}. An output of one value per record is a column of its
 * dtype, a wider one an array column of its row (row-major). Serializable: it travels to the
 * executors, which load the very model version it was laid out for.
 */
final class OutputColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The index of the largest class score (ties to the lower index), for multi-class models. */
  static final String PREDICTED_CLASS = "predicted_class";

  /** The name of that class, for multi-class models whose card names the classes. */
  static final String PREDICTED_LABEL = "predicted_label";

  /** The columns that say where every prediction came from, after the outputs. */
  static final List<String> PROVENANCE =
      List.of("engine", "engine_version", "model_version", "model_card_sha256");

  private final String model;
  private final String[] outputs;
  private final Dtype[] dtypes;
  private final int[] widths;
  private final boolean multiclass;
  private final String[] labels;
  private final StructType schema;

  private OutputColumns(
      ModelId model, List<TensorSpec> outputs, boolean multiclass, List<String> labels) {
    this.model = model.toString();
    this.outputs = outputs.stream().map(TensorSpec::name).toArray(String[]::new);
    this.dtypes = outputs.stream().map(TensorSpec::dtype).toArray(Dtype[]::new);
    this.widths = outputs.stream().mapToInt(TensorSpec::rowLength).toArray();
    this.multiclass = multiclass;
    this.labels = labels.toArray(String[]::new);
    StructType s = new StructType().add(Scored.ID, DataTypes.StringType, true);
    for (int o = 0; o < this.outputs.length; o++) {
      DataType element = sparkType(dtypes[o]);
      s =
          s.add(
              this.outputs[o],
              widths[o] == 1 ? element : DataTypes.createArrayType(element, false),
              false);
      if (o == 0 && multiclass) {
        s = s.add(PREDICTED_CLASS, DataTypes.IntegerType, false);
        if (this.labels.length > 0) {
          s = s.add(PREDICTED_LABEL, DataTypes.StringType, false);
        }
      }
    }
    for (String p : PROVENANCE) {
      s = s.add(p, DataTypes.StringType, false);
    }
    this.schema = s;
  }

  /**
   * Lays out the output of a model.
   *
   * @param model the model with the version its card belongs to
   * @param card its card
   * @param options the job's options: the outputs asked for beyond the task's
   * @return the columns
   * @throws IllegalArgumentException naming an output the model does not have, or an output whose
   *     name is taken by another column
   */
  static OutputColumns of(ModelId model, ModelCard card, InferenceOptions options) {
    List<String> known = card.signature().outputNames();
    for (String name : options.outputs()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "--outputs names "
                + name
                + ", which "
                + model
                + " does not have; its outputs: "
                + String.join(", ", known)
                + " (or --outputs all)");
      }
    }
    Set<String> names = new LinkedHashSet<>();
    names.add(card.servingOutput());
    names.addAll(options.allOutputs() ? known : options.outputs());
    Task task = card.task();
    boolean multiclass = task.kind() == Task.Kind.MULTICLASS;
    Set<String> taken = new LinkedHashSet<>(PROVENANCE);
    taken.add(Scored.ID);
    if (multiclass) {
      taken.add(PREDICTED_CLASS);
      taken.add(PREDICTED_LABEL);
    }
    List<TensorSpec> specs = new ArrayList<>();
    for (String name : names) {
      if (taken.contains(name)) {
        throw new IllegalArgumentException(
            "output "
                + name
                + " of "
                + model
                + " would be written as a column that parity spark writes itself ("
                + String.join(", ", taken)
                + "); leave it out of --outputs, or rename it in the model");
      }
      specs.add(card.signature().output(name));
    }
    return new OutputColumns(model, specs, multiclass, multiclass ? task.labels() : List.of());
  }

  /**
   * Returns the model version the columns are for; the executors load exactly this one.
   *
   * @return the model with its version
   */
  ModelId model() {
    return ModelId.parse(model);
  }

  /**
   * Returns the output's schema.
   *
   * @return id, outputs (and the predicted class), provenance
   */
  StructType schema() {
    return schema;
  }

  /**
   * Returns the outputs the predictor must return, in column order.
   *
   * @return output names, the task's first
   */
  List<String> predictorOutputs() {
    return List.of(outputs);
  }

  /**
   * Returns the provenance columns' values of the rows a loaded model predicts.
   *
   * @param engine the engine's name
   * @param model the loaded model
   * @return the values, in {@link #PROVENANCE} order
   */
  static UTF8String[] provenance(String engine, ExecutorModels.LoadedModel model) {
    return new UTF8String[] {
      UTF8String.fromString(engine),
      UTF8String.fromString(model.engineVersion()),
      UTF8String.fromString(model.modelVersion()),
      UTF8String.fromString(model.cardSha256())
    };
  }

  /**
   * Turns a predicted batch into output rows, one per record, in order.
   *
   * @param scores the predictor's outputs for the batch ({@link #predictorOutputs()})
   * @param ids the records' ids, in order (null where a record has none)
   * @param provenance the provenance values ({@link #provenance})
   * @param out where the rows go
   */
  void rows(
      TensorBatch scores,
      List<UTF8String> ids,
      UTF8String[] provenance,
      Collection<InternalRow> out) {
    int n = ids.size();
    Tensor[] tensors = new Tensor[outputs.length];
    for (int o = 0; o < outputs.length; o++) {
      tensors[o] = scores.get(outputs[o]);
    }
    int width = schema.size();
    for (int i = 0; i < n; i++) {
      Object[] values = new Object[width];
      int c = 0;
      values[c++] = ids.get(i);
      for (int o = 0; o < outputs.length; o++) {
        values[c++] = widths[o] == 1 ? scalar(tensors[o], i) : array(tensors[o], i, widths[o]);
        if (o == 0 && multiclass) {
          int best = predictedClass(tensors[o], i, widths[o]);
          values[c++] = best;
          if (labels.length > 0) {
            values[c++] = UTF8String.fromString(labels[best]);
          }
        }
      }
      System.arraycopy(provenance, 0, values, c, provenance.length);
      out.add(new GenericInternalRow(values));
    }
  }

  private static DataType sparkType(Dtype dtype) {
    return switch (dtype) {
      case FLOAT32 -> DataTypes.FloatType;
      case FLOAT64 -> DataTypes.DoubleType;
      case INT32 -> DataTypes.IntegerType;
      case INT64 -> DataTypes.LongType;
      case INT8 -> DataTypes.ByteType;
      case UINT8 -> DataTypes.ShortType; // 0 to 255 does not fit Spark's signed byte
      case BOOL -> DataTypes.BooleanType;
    };
  }

  private static Object scalar(Tensor t, int i) {
    return switch (t.dtype()) {
      case FLOAT32 -> t.floats()[i];
      case FLOAT64 -> t.doubles()[i];
      case INT32 -> t.ints()[i];
      case INT64 -> t.longs()[i];
      case INT8 -> t.bytes()[i];
      case UINT8 -> (short) Byte.toUnsignedInt(t.bytes()[i]);
      case BOOL -> t.bytes()[i] != 0;
    };
  }

  private static Object array(Tensor t, int i, int width) {
    int from = i * width;
    int to = from + width;
    return switch (t.dtype()) {
      case FLOAT32 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange(t.floats(), from, to));
      case FLOAT64 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange(t.doubles(), from, to));
      case INT32 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange(t.ints(), from, to));
      case INT64 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange(t.longs(), from, to));
      case INT8 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange(t.bytes(), from, to));
      case UINT8 -> {
        short[] row = new short[width];
        for (int k = 0; k < width; k++) {
          row[k] = (short) Byte.toUnsignedInt(t.bytes()[from + k]);
        }
        yield UnsafeArrayData.fromPrimitiveArray(row);
      }
      case BOOL -> {
        boolean[] row = new boolean[width];
        for (int k = 0; k < width; k++) {
          row[k] = t.bytes()[from + k] != 0;
        }
        yield UnsafeArrayData.fromPrimitiveArray(row);
      }
    };
  }

  // The first of the largest scores wins, as the harness's argmax does (QualityMetrics).
  private static int predictedClass(Tensor scores, int i, int classes) {
    int from = i * classes;
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (scores.getDouble(from + c) > scores.getDouble(from + best)) {
        best = c;
      }
    }
    return best;
  }
}
