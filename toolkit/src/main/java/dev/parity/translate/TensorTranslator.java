package dev.parity.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.parity.card.IdRange;
import dev.parity.card.Signature;
import dev.parity.card.TensorSpec;
import dev.parity.tensor.DirectBatch;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves named tensors into an engine and its outputs back, for any model: checks every input
 * against the card's signature (name, dtype, shape, and the id range of integer inputs, before any
 * engine sees them), hands them over in signature order, and reads the outputs back by name where
 * the engine names them (ONNX Runtime, TensorFlow, MXNet's graph block, a TorchScript dict) or by
 * position (a TorchScript tuple), checking each against the signature.
 *
 * <p>Inputs live on the per-call manager DJL closes after each call, so native memory does not grow
 * with the number of batches.
 */
public final class TensorTranslator implements NoBatchifyTranslator<TensorBatch, TensorBatch> {
  private final Signature signature;
  private final List<TensorSpec> wanted;
  private final boolean nameInputs;

  /**
   * Creates a translator.
   *
   * @param signature the model's signature
   * @param outputs the outputs (or taps) to copy back, in order; empty for all outputs
   * @param nameInputs whether the engine binds inputs by name (ONNX Runtime, TensorFlow, MXNet);
   *     PyTorch reads some names as structure, so it gets none
   * @throws java.util.NoSuchElementException if a name is neither an output nor a tap of the
   *     signature
   */
  public TensorTranslator(Signature signature, List<String> outputs, boolean nameInputs) {
    this.signature = signature;
    this.wanted =
        List.copyOf(
            outputs.isEmpty()
                ? signature.outputs()
                : outputs.stream().map(signature::returned).toList());
    this.nameInputs = nameInputs;
  }

  /**
   * Returns the signature this translator checks against.
   *
   * @return the signature
   */
  public Signature signature() {
    return signature;
  }

  /**
   * Returns the outputs it copies back.
   *
   * @return the output specs, in order
   */
  public List<TensorSpec> outputs() {
    return wanted;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, TensorBatch batch) {
    return toEngine(ctx.getNDManager(), batch);
  }

  /**
   * The input side of a call on its own: checks the batch, then makes one engine array per input
   * from its whole block with one bulk copy.
   *
   * @param manager where the arrays live; closing it frees them
   * @param batch the inputs
   * @return the engine's inputs, in signature order
   * @throws IllegalArgumentException naming the input, what the card expects and what was found, or
   *     the record, position and id that is out of range
   */
  public NDList toEngine(NDManager manager, TensorBatch batch) {
    check(signature, batch);
    NDList list = new NDList(signature.inputs().size());
    for (TensorSpec spec : signature.inputs()) {
      Tensor t = batch.get(spec.name());
      NDArray array = t.toNDArray(manager);
      if (nameInputs) {
        array.setName(spec.name());
      }
      list.add(array);
    }
    return list;
  }

  /**
   * The input side of a call from a direct batch: checks it like {@link #toEngine(NDManager,
   * TensorBatch)}, then hands each buffer to the engine, which reads it in place where it can (ONNX
   * Runtime, PyTorch) or copies it once. The arrays must be closed before the batch is refilled.
   *
   * @param manager where the arrays live; closing it frees them
   * @param batch the inputs, laid out in signature order
   * @return the engine's inputs, in signature order
   * @throws IllegalArgumentException naming the input, what the card expects and what was found, or
   *     the record, position and id that is out of range
   */
  public NDList toEngine(NDManager manager, DirectBatch batch) {
    List<DirectBatch.Column> columns = batch.columns();
    List<TensorSpec> inputs = signature.inputs();
    if (!batch.names().equals(signature.inputNames())) {
      throw new IllegalArgumentException(
          "the direct batch holds "
              + batch.names()
              + ", the model's signature takes "
              + signature.inputNames()
              + " in that order");
    }
    NDList list = new NDList(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      TensorSpec spec = inputs.get(i);
      long[] shape = batch.shape(i);
      if (columns.get(i).dtype() != spec.dtype() || !spec.fits(shape)) {
        throw wrongInput(spec, columns.get(i).dtype().numpyName() + " " + Arrays.toString(shape));
      }
      ByteBuffer data = batch.data(i);
      if (spec.range() != null) {
        checkRange(
            spec.name(),
            spec.range(),
            spec.dtype(),
            ids(spec.dtype(), data),
            columns.get(i).rowLength());
      }
      NDArray array = manager.create(data, new Shape(shape), spec.dtype().djl());
      if (nameInputs) {
        array.setName(spec.name());
      }
      list.add(array);
    }
    return list;
  }

  /**
   * Runs a model on direct batches: {@link #toEngine(NDManager, DirectBatch)} in, {@link
   * #fromEngine} out.
   *
   * @return a translator sharing this one's signature and outputs
   */
  public NoBatchifyTranslator<DirectBatch, TensorBatch> direct() {
    return new NoBatchifyTranslator<>() {
      @Override
      public NDList processInput(TranslatorContext ctx, DirectBatch batch) {
        return toEngine(ctx.getNDManager(), batch);
      }

      @Override
      public TensorBatch processOutput(TranslatorContext ctx, NDList list) {
        return fromEngine(list);
      }
    };
  }

  /**
   * Checks a batch against a signature: every input present, nothing else, dtype and shape as
   * declared, integer ids inside their range.
   *
   * @param signature the model's signature
   * @param batch the inputs
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void check(Signature signature, TensorBatch batch) {
    for (String name : batch.names()) {
      if (!signature.hasInput(name)) {
        throw new IllegalArgumentException(
            "input "
                + name
                + " is not in the model's signature; its inputs: "
                + String.join(", ", signature.inputNames()));
      }
    }
    for (TensorSpec spec : signature.inputs()) {
      if (!batch.has(spec.name())) {
        throw new IllegalArgumentException(
            "input "
                + spec.name()
                + " ("
                + spec.describe()
                + ") is missing; the batch holds "
                + String.join(", ", batch.names()));
      }
      Tensor t = batch.get(spec.name());
      String disagreement = spec.disagreement(t);
      if (disagreement != null) {
        throw new IllegalArgumentException("input " + spec.name() + ": " + disagreement);
      }
      if (spec.range() != null) {
        checkRange(spec.name(), spec.range(), t);
      }
    }
  }

  private static void checkRange(String name, IdRange range, Tensor t) {
    checkRange(name, range, t.dtype(), ids(t), t.rowLength());
  }

  // Integer ids, whatever holds them: a Java array wrapped, or a direct batch's view.
  private static Buffer ids(Tensor t) {
    return switch (t.dtype()) {
      case INT64 -> LongBuffer.wrap(t.longs());
      case INT32 -> IntBuffer.wrap(t.ints());
      default -> ByteBuffer.wrap(t.bytes());
    };
  }

  private static Buffer ids(Dtype dtype, ByteBuffer data) {
    return switch (dtype) {
      case INT64 -> data.asLongBuffer();
      case INT32 -> data.asIntBuffer();
      default -> data;
    };
  }

  private static void checkRange(String name, IdRange range, Dtype dtype, Buffer ids, int width) {
    long low = range.low();
    long high = range.high();
    int n = ids.limit();
    if (ids instanceof LongBuffer a) {
      for (int i = 0; i < n; i++) {
        long v = a.get(i);
        if (v < low || v >= high) {
          throw outOfRange(name, range, v, i, width);
        }
      }
    } else if (ids instanceof IntBuffer a) {
      for (int i = 0; i < n; i++) {
        int v = a.get(i);
        if (v < low || v >= high) {
          throw outOfRange(name, range, v, i, width);
        }
      }
    } else {
      ByteBuffer a = (ByteBuffer) ids;
      for (int i = 0; i < n; i++) {
        long v = dtype == Dtype.INT8 ? a.get(i) : Byte.toUnsignedInt(a.get(i));
        if (v < low || v >= high) {
          throw outOfRange(name, range, v, i, width);
        }
      }
    }
  }

  // A direct batch's input disagrees with its spec in dtype or shape: the wording of check().
  private static IllegalArgumentException wrongInput(TensorSpec spec, String found) {
    return new IllegalArgumentException(
        "input " + spec.name() + ": the card says " + spec.describe() + ", found " + found);
  }

  private static IllegalArgumentException outOfRange(
      String name, IdRange range, long id, int index, int width) {
    return new IllegalArgumentException(
        "id "
            + id
            + " of input "
            + name
            + " (record "
            + index / width
            + " of the batch, position "
            + index % width
            + ") is outside "
            + range);
  }

  @Override
  public TensorBatch processOutput(TranslatorContext ctx, NDList list) {
    return fromEngine(list);
  }

  /**
   * The output side of a call on its own: finds each wanted output by name, else by position, and
   * copies it into Java memory.
   *
   * @param list what the engine returned
   * @return the wanted outputs, in order
   * @throws IllegalStateException naming the output, what the card expects and what the engine
   *     returned, when they disagree
   */
  public TensorBatch fromEngine(NDList list) {
    List<NDArray> arrays = bind(list);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < wanted.size(); i++) {
      TensorSpec spec = wanted.get(i);
      NDArray a = arrays.get(i);
      Dtype dtype;
      try {
        dtype = Dtype.ofDjl(a.getDataType());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("output " + spec.name() + ": " + e.getMessage(), e);
      }
      long[] shape = a.getShape().getShape();
      if (dtype != spec.dtype() || !spec.fits(shape)) {
        throw new IllegalStateException(
            "output "
                + spec.name()
                + ": the card says "
                + spec.describe()
                + ", the engine returned "
                + dtype.numpyName()
                + " "
                + Arrays.toString(shape));
      }
      out.put(spec.name(), Tensor.of(a));
    }
    return TensorBatch.of(out);
  }

  private List<NDArray> bind(NDList list) {
    List<NDArray> byName = new ArrayList<>(wanted.size());
    for (TensorSpec spec : wanted) {
      NDArray a = list.get(spec.name());
      if (a == null) {
        byName = null;
        break;
      }
      byName.add(a);
    }
    if (byName != null) {
      return byName;
    }
    List<TensorSpec> returned = signature.returned();
    List<String> names = new ArrayList<>();
    for (NDArray a : list) {
      names.add(a.getName() == null ? "(unnamed)" : a.getName());
    }
    if (nameInputs) {
      // Engines that bind by name name their outputs too: a card output or tap they lack is a wrong
      // card, never to be matched by position.
      for (TensorSpec spec : wanted) {
        if (list.get(spec.name()) == null) {
          throw new IllegalStateException(
              "the card's "
                  + (signature.hasTap(spec.name()) ? "tap" : "output")
                  + " '"
                  + spec.name()
                  + "' is not an output of the model, which returns "
                  + names);
        }
      }
    }
    if (list.size() != returned.size()) {
      throw new IllegalStateException(
          "the model returned "
              + list.size()
              + " outputs "
              + names
              + ", the card's signature lists "
              + signature.outputs().size()
              + " "
              + signature.outputNames()
              + (signature.taps().isEmpty()
                  ? ""
                  : " and "
                      + signature.taps().size()
                      + " taps "
                      + signature.tapNames()
                      + ", which the file must return after its outputs"));
    }
    List<NDArray> byPosition = new ArrayList<>(wanted.size());
    for (TensorSpec spec : wanted) {
      byPosition.add(list.get(returned.indexOf(spec)));
    }
    return byPosition;
  }
}
