package dev.parity.zoo;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import dev.parity.card.ModelCard;
import dev.parity.card.Signature;
import dev.parity.card.TensorSpec;
import dev.parity.engine.EngineName;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import dev.parity.translate.TensorTranslator;
import dev.parity.translate.TranslatorArguments;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a loaded model with its card's signature: the input and output names and shapes the
 * engine reports (ONNX Runtime and TensorFlow report them; TorchScript and MXNet blocks do not),
 * then one probe prediction of two records whose outputs and taps must have the dtypes and shapes
 * the card declares. A card that disagrees with its file is refused here, at load, with one line
 * naming the file, the tensor and both values, rather than failing in the middle of a run.
 */
final class SignatureCheck {
  private static final int PROBE_ROWS = 2;

  private SignatureCheck() {}

  static void check(Model model, ModelCard card, EngineName engine, Path modelFile)
      throws MalformedModelException {
    Signature signature = card.signature();
    String at = modelFile + " (" + engine.cliName() + ", card " + card.id() + ")";
    boolean byName = TranslatorArguments.bindsByName(model);
    if (byName) {
      // Only engines that bind by name report the file's own names; a block's are made up.
      compare(at, "input", signature.inputs(), describe(model, true));
      compare(at, "output", signature.returned(), describe(model, false));
    }
    // The probe reads back every output and tap, so a file that lacks a tap fails here, at load.
    TensorTranslator translator =
        new TensorTranslator(signature, signature.returnedNames(), byName);
    try (Predictor<TensorBatch, TensorBatch> p = model.newPredictor(translator)) {
      Object lock = engine.callLock();
      if (lock != null) {
        synchronized (lock) {
          p.predict(probe(signature));
        }
      } else {
        p.predict(probe(signature));
      }
    } catch (TranslateException | RuntimeException e) {
      Throwable cause = e instanceof TranslateException && e.getCause() != null ? e.getCause() : e;
      String m = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      int nl = m.indexOf('\n');
      throw new MalformedModelException(
          at
              + ": a probe prediction with the card's inputs failed: "
              + (nl < 0 ? m : m.substring(0, nl))
              + "; the card's signature must match the model file (docs/model-card.md)",
          e);
    }
  }

  private static PairList<String, Shape> describe(Model model, boolean inputs) {
    try {
      PairList<String, Shape> d = inputs ? model.describeInput() : model.describeOutput();
      return d == null || d.isEmpty() ? null : d;
    } catch (RuntimeException e) {
      // TorchScript and blocks describe nothing before their first forward pass.
      return null;
    }
  }

  private static void compare(
      String at, String what, List<TensorSpec> specs, PairList<String, Shape> reported)
      throws MalformedModelException {
    if (reported == null || reported.keys().stream().anyMatch(k -> k == null || k.isEmpty())) {
      return;
    }
    for (TensorSpec spec : specs) {
      int i = reported.keys().indexOf(spec.name());
      if (i < 0) {
        throw new MalformedModelException(
            at
                + ": the card's "
                + what
                + " '"
                + spec.name()
                + "' is not an "
                + what
                + " of the model file, which has "
                + reported.keys());
      }
      Shape reportedShape = reported.get(i).getValue();
      long[] shape = reportedShape == null ? new long[0] : reportedShape.getShape();
      if (!fits(spec, shape)) {
        throw new MalformedModelException(
            at
                + ": "
                + what
                + " '"
                + spec.name()
                + "': the card says shape "
                + spec.shape()
                + ", the model file says "
                + Arrays.toString(shape));
      }
    }
  }

  // Engines report an unknown dimension as -1 (or 0 for some ONNX exports); only fixed, known
  // dimensions after the batch are compared.
  private static boolean fits(TensorSpec spec, long[] shape) {
    if (shape.length == 0) {
      return true;
    }
    if (shape.length != spec.shape().size()) {
      return false;
    }
    for (int d = 1; d < shape.length; d++) {
      if (shape[d] > 0 && shape[d] != spec.shape().get(d)) {
        return false;
      }
    }
    return true;
  }

  private static TensorBatch probe(Signature signature) {
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (TensorSpec spec : signature.inputs()) {
      Tensor t = Tensor.zeros(spec.dtype(), spec.shapeFor(PROBE_ROWS));
      if (spec.range() != null && spec.range().low() != 0) {
        long low = spec.range().low();
        switch (spec.dtype()) {
          case INT64 -> Arrays.fill(t.longs(), low);
          case INT32 -> Arrays.fill(t.ints(), (int) low);
          default -> Arrays.fill(t.bytes(), (byte) low);
        }
      }
      inputs.put(spec.name(), t);
    }
    return TensorBatch.of(inputs);
  }
}
