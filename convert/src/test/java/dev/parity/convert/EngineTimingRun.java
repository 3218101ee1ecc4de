package dev.parity.convert;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.parity.build.Checkout;
import dev.parity.engine.EngineName;
import dev.parity.npy.Npy;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the purchase model's converted artifacts against today's hand-written ones, engine only
 * (inputs are built outside the timed region; outputs are read inside it, which also waits for
 * MXNet's asynchronous engine), on the same reference records in the same JVM, alternating the
 * order each round. Prints ratios, not speeds: the machine it was written on is shared. Not a test;
 * run it as {@code docs/onnx-op-set.md} says.
 */
public final class EngineTimingRun {

  private static final int BATCH = 4096;

  private EngineTimingRun() {}

  /** A model under a name, with a pass over the batches. */
  private record Contender(String name, Model model, boolean namedInputs) {}

  /**
   * Runs the comparison.
   *
   * @param args {@code [rounds]} (default 9) after two warm-up rounds
   * @throws Exception if a model cannot be loaded or run
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    Path root = Checkout.requireRoot();
    Path modelDir = root.resolve("zoo/model/tabular/dev/parity/purchase/1.0.0");
    Path onnx = modelDir.resolve("purchase.onnx");
    Path referenceDir = root.resolve("reference-outputs/dev.parity/purchase");
    ReferenceManifest manifest = ReferenceManifest.read(referenceDir.resolve("manifest.json"));
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (String field : List.of("app_packages", "campaigns", "carrier", "device_model")) {
      Tensor ids = Npy.read(manifest.entry("indices:" + field).resolveIn(referenceDir));
      inputs.put(field, ids.cast(Dtype.INT64));
    }
    long records = manifest.records();
    List<Map<String, Tensor>> batches = new ArrayList<>();
    for (long start = 0; start < records; start += BATCH) {
      Map<String, Tensor> batch = new LinkedHashMap<>();
      long end = Math.min(records, start + BATCH);
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        batch.put(e.getKey(), e.getValue().rows((int) start, (int) end));
      }
      batches.add(batch);
    }

    Path work = Files.createTempDirectory("parity-engine-timing");
    Contender tfConverted = converted(onnx, work, EngineName.TENSORFLOW);
    Contender tfHand =
        new Contender(
            "TensorFlow hand-written (SavedModelWriter)",
            PurchaseConversionTest.handWritten(EngineName.TENSORFLOW, modelDir),
            true);
    Contender mxConverted = converted(onnx, work, EngineName.MXNET);
    Model handBlock = PurchaseConversionTest.handWritten(EngineName.MXNET, modelDir);
    Contender mxHand = new Contender("MXNet hand-written (PurchaseBlock)", handBlock, false);
    Contender mxSymbol =
        new Contender(
            "MXNet symbol JSON + CachedOp (probe)",
            MxnetSymbolProbe.load(onnx, work.resolve("symbol"), "purchase"),
            true);

    System.out.printf(
        "%d records in batches of %d, %d rounds after 2 warm-up rounds%n", records, BATCH, rounds);
    maxDiff(mxSymbol, mxHand, batches);
    compare(tfConverted, tfHand, batches, rounds);
    compare(mxConverted, mxHand, batches, rounds);
    compare(mxSymbol, mxHand, batches, rounds);
    compare(mxSymbol, mxConverted, batches, rounds);
    for (Contender c : List.of(tfConverted, tfHand, mxConverted, mxHand, mxSymbol)) {
      c.model().close();
    }
  }

  private static Contender converted(Path onnx, Path work, EngineName engine) throws Exception {
    ConvertedArtifact artifact =
        OnnxConverter.convert(
            ConversionSpec.builder()
                .setSource(onnx)
                .setTarget(engine)
                .setDestination(work.resolve(engine.cliName()))
                .build());
    return new Contender(engine.djlName() + " converted from ONNX", artifact.load(), true);
  }

  private static void compare(
      Contender a, Contender b, List<Map<String, Tensor>> batches, int rounds) {
    for (int i = 0; i < 2; i++) {
      pass(a, batches);
      pass(b, batches);
    }
    double[] ratios = new double[rounds];
    long totalA = 0;
    long totalB = 0;
    for (int r = 0; r < rounds; r++) {
      long ta;
      long tb;
      if (r % 2 == 0) {
        ta = pass(a, batches);
        tb = pass(b, batches);
      } else {
        tb = pass(b, batches);
        ta = pass(a, batches);
      }
      ratios[r] = (double) ta / tb;
      totalA += ta;
      totalB += tb;
    }
    Arrays.sort(ratios);
    System.out.printf(
        "%s / %s: median round ratio %.3f (min %.3f, max %.3f), total ratio %.3f%n",
        a.name(),
        b.name(),
        ratios[rounds / 2],
        ratios[0],
        ratios[rounds - 1],
        (double) totalA / totalB);
  }

  /** One pass over the batches; returns the nanoseconds spent in the engine. */
  private static long pass(Contender c, List<Map<String, Tensor>> batches) {
    long engine = 0;
    for (Map<String, Tensor> batch : batches) {
      try (NDManager sub = c.model().getNDManager().newSubManager()) {
        NDList in = inputs(c, batch, sub);
        long start = System.nanoTime();
        NDList out = c.model().getBlock().forward(new ParameterStore(sub, false), in, false);
        for (NDArray o : out) {
          o.toByteBuffer();
        }
        engine += System.nanoTime() - start;
      }
    }
    return engine;
  }

  private static NDList inputs(Contender c, Map<String, Tensor> batch, NDManager sub) {
    NDList in = new NDList();
    batch.forEach(
        (name, value) -> {
          NDArray array = value.toNDArray(sub);
          if (c.namedInputs()) {
            array.setName(name);
          }
          in.add(array);
        });
    return in;
  }

  private static void maxDiff(Contender a, Contender b, List<Map<String, Tensor>> batches) {
    double max = 0;
    for (Map<String, Tensor> batch : batches) {
      try (NDManager sa = a.model().getNDManager().newSubManager();
          NDManager sb = b.model().getNDManager().newSubManager()) {
        NDList oa =
            a.model()
                .getBlock()
                .forward(new ParameterStore(sa, false), inputs(a, batch, sa), false);
        NDList ob =
            b.model()
                .getBlock()
                .forward(new ParameterStore(sb, false), inputs(b, batch, sb), false);
        for (int i = 0; i < oa.size(); i++) {
          double[] x = Tensor.of(oa.get(i)).toDoubles();
          double[] y = Tensor.of(ob.get(i)).toDoubles();
          for (int k = 0; k < x.length; k++) {
            max = Math.max(max, Math.abs(x[k] - y[k]));
          }
        }
      }
    }
    System.out.printf("%s vs %s: max |diff| %.3g%n", a.name(), b.name(), max);
  }
}
