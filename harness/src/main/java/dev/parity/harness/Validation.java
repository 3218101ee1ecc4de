package dev.parity.harness;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import dev.parity.build.BuildVersions;
import dev.parity.engine.EngineName;
import dev.parity.features.EncodedBatch;
import dev.parity.features.FeatureSpec;
import dev.parity.features.RawRecord;
import dev.parity.predict.PurchasePredictor;
import dev.parity.predict.Scores;
import dev.parity.zoo.ModelCard;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a validation: streams the reference records once through every engine, compares each
 * engine's outputs with Python's and with every other engine's, checks pre-processing and model
 * quality parity, and applies the plan's gates. Computes only; rendering is the reports' job.
 */
public final class Validation {

  /** The outputs the JVM model produces, by the name the reference manifest uses. */
  public static final List<String> JVM_OUTPUTS = List.of("probability", "hidden");

  private Validation() {}

  /**
   * Runs a validation.
   *
   * @param request what to validate
   * @param progress hears how the run advances
   * @return the report; {@link ValidationReport#passed()} says whether every gate passed
   * @throws ReferenceSetException if the reference set is missing, changed, malformed or made for
   *     another model
   * @throws PlanException if the plan does not fit the reference set
   * @throws IOException if the zoo or a model file cannot be read
   * @throws ModelNotFoundException if the zoo lacks the model for an engine
   * @throws MalformedModelException if a model file fails its checksum or an engine rejects it
   * @throws TranslateException if an engine fails while predicting
   */
  public static ValidationReport run(ValidationRequest request, ValidationProgress progress)
      throws IOException, ModelNotFoundException, MalformedModelException, TranslateException {
    Instant started = Instant.now();
    long start = System.nanoTime();
    ValidationPlan plan = request.plan();
    ModelVersion model = ModelVersion.locate(request.artifact(), request.engines());
    ReferenceSet reference = ReferenceSet.open(request.referenceFolder(), model);
    for (String output : reference.outputs().keySet()) {
      if (!JVM_OUTPUTS.contains(output)) {
        throw new ReferenceSetException(
            "reference set "
                + reference.folder()
                + " holds output:"
                + output
                + ", which the JVM model does not produce (it produces "
                + String.join(", ", JVM_OUTPUTS)
                + "); remove it from the manifest or regenerate the set");
      }
    }
    plan.checkAgainst(reference.outputs().keySet(), request.engines());
    for (ModelCard.Field f : model.card().features().fields()) {
      String field = f.name();
      if (!reference.indexedFields().contains(field)) {
        throw new ReferenceSetException(
            "reference set "
                + reference.folder()
                + " has no Python indices for field "
                + field
                + " (manifest role indices:"
                + field
                + "), so pre-processing parity cannot be checked; regenerate the set with"
                + " scripts/parity model reference");
      }
    }

    List<PurchasePredictor> predictors = new ArrayList<>();
    try {
      for (EngineName engine : request.engines()) {
        progress.loading(engine);
        PurchasePredictor p =
            PurchasePredictor.open(request.artifact(), request.settingsFor(engine), true);
        predictors.add(p);
        if (!Files.isSameFile(p.cardFolder(), model.cardFile().getParent())) {
          throw new IllegalStateException(
              engine.cliName()
                  + " loaded the model card in "
                  + p.cardFolder()
                  + ", not the one validated ("
                  + model.cardFile()
                  + ")");
        }
      }
      FeatureSpec features = predictors.get(0).features();
      Streamed streamed = stream(request, reference, features, predictors, progress);
      progress.comparing();
      return evaluate(request, model, reference, streamed, predictors, started, start);
    } finally {
      for (PurchasePredictor p : predictors) {
        p.close();
      }
    }
  }

  /** What the single pass over the records produced. */
  private record Streamed(
      List<String> ids,
      PreprocessingComparison preprocessing,
      List<Map<String, float[]>> outputs,
      List<Integer> hiddenWidths,
      double[] predictSeconds) {}

  private static Streamed stream(
      ValidationRequest request,
      ReferenceSet reference,
      FeatureSpec features,
      List<PurchasePredictor> predictors,
      ValidationProgress progress)
      throws IOException, TranslateException {
    int n = reference.records();
    int batch = request.settings().batchSize();
    List<String> ids = new ArrayList<>(n);
    PreprocessingComparison.Tally tally =
        new PreprocessingComparison.Tally(reference, features.names());
    int engines = predictors.size();
    float[][] probability = new float[engines][n];
    float[][] hidden = new float[engines][];
    int[] widths = new int[engines];
    double[] seconds = new double[engines];
    progress.started(n, request.engines());
    // One thread reads and encodes the records while this one runs the engines.
    BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(4);
    ReferenceSet.Records records = reference.openRecords(features.names());
    ExecutorService reader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "parity-reference-reader");
              t.setDaemon(true);
              return t;
            });
    Future<Void> reading =
        reader.submit(
            () -> {
              try (records) {
                for (List<RawRecord> chunk = records.next(batch);
                    !chunk.isEmpty();
                    chunk = records.next(batch)) {
                  queue.put(
                      new Chunk(
                          chunk.stream().map(RawRecord::id).toList(), features.encode(chunk)));
                }
              } finally {
                queue.put(Chunk.END);
              }
              return null;
            });
    try {
      int at = 0;
      for (Chunk chunk = queue.take(); chunk != Chunk.END; chunk = queue.take()) {
        ids.addAll(chunk.ids());
        tally.add(chunk.encoded(), at, chunk.ids());
        for (int e = 0; e < engines; e++) {
          long t = System.nanoTime();
          Scores s = predictors.get(e).predict(chunk.encoded());
          seconds[e] += (System.nanoTime() - t) / 1e9;
          System.arraycopy(s.probability(), 0, probability[e], at, s.size());
          if (s.hidden() != null) {
            if (hidden[e] == null) {
              widths[e] = s.hiddenWidth();
              hidden[e] = new float[Math.multiplyExact(n, s.hiddenWidth())];
            }
            System.arraycopy(s.hidden(), 0, hidden[e], at * widths[e], s.size() * widths[e]);
          }
        }
        at += chunk.ids().size();
        progress.advanced(at);
      }
      reading.get();
    } catch (ExecutionException x) {
      Throwable cause = x.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("reading the reference records failed: " + cause, cause);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the reference records", x);
    } finally {
      reader.shutdownNow();
      queue.clear();
    }
    List<Map<String, float[]>> outputs = new ArrayList<>();
    List<Integer> hiddenWidths = new ArrayList<>();
    for (int e = 0; e < engines; e++) {
      Map<String, float[]> m = new LinkedHashMap<>();
      m.put("probability", probability[e]);
      if (hidden[e] != null) {
        m.put("hidden", hidden[e]);
      }
      outputs.add(m);
      hiddenWidths.add(widths[e]);
    }
    return new Streamed(ids, tally.result(), outputs, hiddenWidths, seconds);
  }

  /** Records read and encoded ahead of the engines. */
  private record Chunk(List<String> ids, EncodedBatch encoded) {
    static final Chunk END = new Chunk(List.of(), null);
  }

  private static List<Long> jvmShape(String output, int records, int hiddenWidth) {
    return output.equals("hidden")
        ? List.of((long) records, (long) hiddenWidth)
        : List.of((long) records);
  }

  private static ValidationReport evaluate(
      ValidationRequest request,
      ModelVersion model,
      ReferenceSet reference,
      Streamed streamed,
      List<PurchasePredictor> predictors,
      Instant started,
      long start) {
    ValidationPlan plan = request.plan();
    int n = reference.records();
    int worst = plan.worstRecords();
    List<Gate> runGates = new ArrayList<>();
    Long maxMismatched = plan.preprocessing().maxMismatchedRecords();
    if (maxMismatched != null) {
      runGates.add(
          Gate.atMost(
              "preprocessing.mismatchedRecords",
              maxMismatched,
              streamed.preprocessing().mismatchedRecords()));
    }
    List<EngineEvaluation> evaluations = new ArrayList<>();
    for (int e = 0; e < predictors.size(); e++) {
      EngineName engine = request.engines().get(e);
      EngineLimits limits = plan.limitsFor(engine);
      String prefix = engine.cliName() + ".";
      List<Gate> gates = new ArrayList<>();
      List<ElementwiseComparison.Part> parts = new ArrayList<>();
      for (ReferenceOutput expected : reference.outputs().values()) {
        OutputLimits l = limits.output(expected.name());
        float[] actual = streamed.outputs().get(e).get(expected.name());
        List<Long> shape = jvmShape(expected.name(), n, streamed.hiddenWidths().get(e));
        if (actual == null || !shape.equals(expected.shape())) {
          gates.add(Gate.atMost(prefix + expected.name() + ".shapeMismatch", 0, 1));
          continue;
        }
        parts.add(
            new ElementwiseComparison.Part(
                expected.name(),
                shape,
                actual,
                expected.values(),
                new Tolerance(l.atol(), l.rtol())));
      }
      ElementwiseComparison.Comparisons compared =
          ElementwiseComparison.compareEach(parts, streamed.ids(), worst);
      for (OutputComparison c : compared.outputs()) {
        OutputLimits l = limits.output(c.output());
        String at = prefix + c.output() + ".";
        if (l.maxP99() != null) {
          gates.add(Gate.atMost(at + "p99", l.maxP99(), c.absolute().p99()));
        }
        if (l.maxMax() != null) {
          gates.add(Gate.atMost(at + "max", l.maxMax(), c.absolute().max()));
        }
        if (l.maxOverToleranceFraction() != null) {
          gates.add(
              Gate.atMost(
                  at + "overTolerance", l.maxOverToleranceFraction(), c.overToleranceFraction()));
        }
      }
      QualityComparison quality = null;
      ReferenceOutput probability = reference.outputs().get("probability");
      if (probability != null) {
        QualityLimits q = limits.quality();
        quality =
            QualityComparison.of(
                reference.labels(),
                streamed.outputs().get(e).get("probability"),
                probability.values(),
                model.card().metrics().holdout().precisionTarget(),
                plan.decisionThreshold(),
                q.flipBand() == null ? 0 : q.flipBand());
        if (q.maxAucDelta() != null) {
          gates.add(Gate.atMost(prefix + "quality.aucDelta", q.maxAucDelta(), quality.aucDelta()));
        }
        if (q.maxRecallDelta() != null) {
          gates.add(
              Gate.atMost(
                  prefix + "quality.recallDelta", q.maxRecallDelta(), quality.recallDelta()));
        }
        if (q.maxFlips() != null) {
          gates.add(Gate.atMost(prefix + "quality.flips", q.maxFlips(), quality.flips()));
        }
      }
      PurchasePredictor p = predictors.get(e);
      var file = model.modelFiles().get(engine);
      EngineProvenance provenance =
          new EngineProvenance(
              engine,
              p.engineVersion(),
              p.settings().device(),
              p.settings().toString(),
              file.uri(),
              file.sha256());
      evaluations.add(
          new EngineEvaluation(
              provenance,
              compared.outputs(),
              compared.all(),
              quality,
              gates,
              streamed.predictSeconds()[e]));
    }
    List<EnginePairComparison> matrix = matrix(request, reference, streamed, worst);
    Provenance provenance =
        new Provenance(
            started,
            (System.nanoTime() - start) / 1e9,
            System.getProperty("java.version"),
            System.getProperty("java.vendor"),
            System.getProperty("os.name") + " " + System.getProperty("os.version"),
            System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors(),
            BuildVersions.parity(),
            Engine.getDjlVersion(),
            model.coordinates(),
            model.cardFile().toString(),
            model.cardSha256(),
            reference.folder().toAbsolutePath().normalize().toString(),
            reference.manifestSha256(),
            n,
            reference.manifest().environment(),
            plan.source());
    return new ValidationReport(
        provenance, streamed.preprocessing(), runGates, evaluations, matrix);
  }

  private static List<EnginePairComparison> matrix(
      ValidationRequest request, ReferenceSet reference, Streamed streamed, int worst) {
    List<EnginePairComparison> pairs = new ArrayList<>();
    int n = reference.records();
    List<EngineName> engines = request.engines();
    for (int a = 0; a < engines.size(); a++) {
      for (int b = a + 1; b < engines.size(); b++) {
        EngineLimits limits = request.plan().limitsFor(engines.get(a));
        List<ElementwiseComparison.Part> parts = new ArrayList<>();
        for (String name : reference.outputs().keySet()) {
          float[] x = streamed.outputs().get(a).get(name);
          float[] y = streamed.outputs().get(b).get(name);
          List<Long> shape = jvmShape(name, n, streamed.hiddenWidths().get(a));
          if (x == null || y == null || x.length != y.length) {
            continue;
          }
          OutputLimits l = limits.output(name);
          parts.add(
              new ElementwiseComparison.Part(name, shape, x, y, new Tolerance(l.atol(), l.rtol())));
        }
        ElementwiseComparison.Comparisons compared =
            ElementwiseComparison.compareEach(parts, streamed.ids(), worst);
        pairs.add(
            new EnginePairComparison(
                engines.get(a), engines.get(b), compared.outputs(), compared.all()));
      }
    }
    return pairs;
  }
}
