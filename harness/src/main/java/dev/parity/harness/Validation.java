package dev.parity.harness;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.build.BuildVersions;
import dev.parity.card.ModelCard;
import dev.parity.card.Tap;
import dev.parity.card.Task;
import dev.parity.card.TensorSpec;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordEncoder;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Runs a validation of any model: streams the reference set once through every engine (raw records
 * encoded in Java when the set has them and the card has features, else the set's input tensors),
 * compares each engine's outputs and taps with the reference's and with every other engine's,
 * checks pre-processing and model-quality parity for the card's task, names the first stage where
 * each record parts from the reference, cuts the task output into slices, optionally measures each
 * engine's noise floor, and applies the plan's gates. Against an earlier JVM run or another model
 * version it runs in drift mode, under the plan's drift limits. Computes only; rendering is the
 * reports' job.
 */
public final class Validation {

  private Validation() {}

  /**
   * Runs a validation.
   *
   * @param request what to validate
   * @param progress hears how the run advances
   * @return the report; {@link ValidationReport#passed()} says whether every gate passed
   * @throws ReferenceSetException if the reference set is missing, changed, malformed or made for
   *     another model
   * @throws PlanException if the plan does not fit the model
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
    ModelVersion model = ModelVersion.locate(request.artifact());
    ModelCard card = model.card();
    List<EngineName> engines = request.engines().isEmpty() ? model.engines() : request.engines();
    for (EngineName e : engines) {
      if (!card.files().containsKey(e)) {
        throw new IllegalArgumentException(
            model.id()
                + " has no file for "
                + e.cliName()
                + "; its card lists "
                + String.join(", ", card.engines().stream().map(EngineName::cliName).toList())
                + " (validate those with --engines, or add the file with scripts/parity zoo add)");
      }
    }
    ReferenceSet reference = ReferenceSet.open(request.referenceFolder(), model);
    ReferenceSet.Mode mode = reference.mode();
    List<String> compared = new ArrayList<>();
    for (String output : reference.outputs().keySet()) {
      if (!card.signature().hasOutput(output)) {
        throw new ReferenceSetException(
            "reference set "
                + reference.folder()
                + " holds output:"
                + output
                + ", which the model's signature does not have (it has "
                + String.join(", ", card.signature().outputNames())
                + "); remove it from the manifest or regenerate the set");
      }
      compared.add(output);
    }
    // Taps localise a difference within one model; across versions or runs they are not compared.
    List<String> taps = new ArrayList<>();
    if (mode == ReferenceSet.Mode.PARITY) {
      for (Tap tap : card.signature().taps()) {
        if (reference.taps().containsKey(tap.name())) {
          taps.add(tap.name());
        }
      }
      // ReferenceSet.open has refused a tap the card does not list.
    }
    List<String> checked = new ArrayList<>(compared);
    checked.addAll(taps);
    plan.checkAgainst(model.id(), checked, engines, mode);
    boolean fromRecords = reference.hasRecords() && card.features() != null;
    if (!fromRecords) {
      for (TensorSpec input : card.signature().inputs()) {
        if (!reference.inputs().containsKey(input.name())) {
          throw new ReferenceSetException(
              "reference set "
                  + reference.folder()
                  + " has no input:"
                  + input.name()
                  + (card.features() == null ? "" : " and no raw records to make it from")
                  + ", so the model cannot be fed; add it to the set (docs/reference-set.md)");
        }
      }
    }

    List<ModelPredictor> predictors = new ArrayList<>();
    try {
      for (EngineName engine : engines) {
        progress.loading(engine);
        ModelPredictor p =
            ModelPredictor.open(request.artifact(), request.settingsFor(engine), checked);
        predictors.add(p);
        if (!Files.isSameFile(p.cardFolder(), model.cardFolder())) {
          throw new IllegalStateException(
              engine.cliName()
                  + " loaded the model card in "
                  + p.cardFolder()
                  + ", not the one validated ("
                  + model.cardFile()
                  + ")");
        }
      }
      int noiseRecords =
          request.noiseFloor().map(f -> Math.min(f.records(), reference.records())).orElse(0);
      Streamed streamed =
          stream(
              request,
              reference,
              card,
              fromRecords,
              new Split(compared, taps, reference.tapRecords(), noiseRecords),
              engines,
              predictors,
              progress);
      List<NoiseFloor> floors = new ArrayList<>();
      if (request.noiseFloor().isPresent()) {
        for (int e = 0; e < predictors.size(); e++) {
          progress.measuringNoiseFloor(engines.get(e));
          floors.add(
              noiseFloor(
                  request, plan, model, engines.get(e), predictors.get(e), compared, streamed, e));
        }
      }
      progress.comparing();
      return evaluate(
          request,
          plan,
          model,
          engines,
          compared,
          taps,
          reference,
          streamed,
          floors,
          predictors,
          started,
          start);
    } finally {
      for (ModelPredictor p : predictors) {
        p.close();
      }
    }
  }

  /**
   * What the pass keeps of each engine's results: every record's outputs, the taps of the records
   * the reference's taps cover, the inputs of the records the noise floor runs again.
   */
  private record Split(List<String> outputs, List<String> taps, int tapRecords, int noiseRecords) {}

  /** What the single pass over the records produced. */
  private record Streamed(
      List<String> ids,
      PreprocessingComparison.Tally tally,
      List<TensorBatch> outputs,
      List<TensorBatch> taps,
      TensorBatch noiseInputs,
      SliceKeys slices,
      double[] predictSeconds) {

    PreprocessingComparison preprocessing() {
      return tally == null ? null : tally.result();
    }
  }

  /** Inputs made ahead of the engines. */
  private record Chunk(List<String> ids, TensorBatch inputs) {
    static final Chunk END = new Chunk(List.of(), null);
  }

  private static Streamed stream(
      ValidationRequest request,
      ReferenceSet reference,
      ModelCard card,
      boolean fromRecords,
      Split split,
      List<EngineName> engines,
      List<ModelPredictor> predictors,
      ValidationProgress progress)
      throws IOException, TranslateException {
    int n = reference.records();
    int batch = request.settings().batchSize();
    List<String> ids = new ArrayList<>(n);
    PreprocessingComparison.Tally tally =
        fromRecords ? new PreprocessingComparison.Tally(reference, card) : null;
    SliceKeys slices = fromRecords ? new SliceKeys(card.features()) : null;
    int count = predictors.size();
    List<List<TensorBatch>> parts = new ArrayList<>();
    List<List<TensorBatch>> tapParts = new ArrayList<>();
    for (int e = 0; e < count; e++) {
      parts.add(new ArrayList<>());
      tapParts.add(new ArrayList<>());
    }
    List<TensorBatch> noiseParts = new ArrayList<>();
    double[] seconds = new double[count];
    progress.started(n, engines);
    // One thread reads and encodes the records while this one runs the engines.
    BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(4);
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
              try {
                if (fromRecords) {
                  RecordEncoder encoder = predictors.get(0).encoder();
                  try (ReferenceSet.Records records =
                      reference.openRecords(encoder.fieldNames(), encoder.numericFields())) {
                    for (List<RawRecord> chunk = records.next(batch);
                        !chunk.isEmpty();
                        chunk = records.next(batch)) {
                      slices.add(chunk);
                      queue.put(
                          new Chunk(
                              chunk.stream().map(RawRecord::id).toList(), encoder.encode(chunk)));
                    }
                  }
                } else {
                  TensorBatch all = TensorBatch.of(ordered(reference, card));
                  for (int at = 0; at < n; at += batch) {
                    int to = Math.min(n, at + batch);
                    List<String> none = new ArrayList<>(to - at);
                    for (int r = at; r < to; r++) {
                      none.add(null);
                    }
                    queue.put(new Chunk(none, all.rows(at, to)));
                  }
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
        if (tally != null) {
          tally.add(chunk.inputs(), at, chunk.ids());
        }
        int rows = chunk.inputs().rows();
        if (at < split.noiseRecords()) {
          noiseParts.add(chunk.inputs().rows(0, Math.min(rows, split.noiseRecords() - at)));
        }
        for (int e = 0; e < count; e++) {
          long t = System.nanoTime();
          TensorBatch out = predictors.get(e).predict(chunk.inputs());
          seconds[e] += (System.nanoTime() - t) / 1e9;
          parts.get(e).add(select(out, split.outputs()));
          if (at < split.tapRecords() && !split.taps().isEmpty()) {
            tapParts
                .get(e)
                .add(select(out, split.taps()).rows(0, Math.min(rows, split.tapRecords() - at)));
          }
        }
        at += rows;
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
      throw new IllegalStateException("reading the reference set failed: " + cause, cause);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the reference set", x);
    } finally {
      reader.shutdownNow();
      queue.clear();
    }
    List<TensorBatch> outputs = new ArrayList<>();
    List<TensorBatch> taps = new ArrayList<>();
    for (int e = 0; e < count; e++) {
      outputs.add(TensorBatch.concat(parts.get(e)));
      taps.add(tapParts.get(e).isEmpty() ? null : TensorBatch.concat(tapParts.get(e)));
    }
    return new Streamed(
        ids,
        tally,
        outputs,
        taps,
        noiseParts.isEmpty() ? null : TensorBatch.concat(noiseParts),
        slices,
        seconds);
  }

  private static TensorBatch select(TensorBatch batch, List<String> names) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, batch.get(name));
    }
    return TensorBatch.of(out);
  }

  /**
   * Runs one engine again over the first records: one record per call, and where the engine reads
   * its threads per model load, with one and with two intra-op threads.
   */
  private static NoiseFloor noiseFloor(
      ValidationRequest request,
      ValidationPlan plan,
      ModelVersion model,
      EngineName engine,
      ModelPredictor predictor,
      List<String> compared,
      Streamed streamed,
      int index)
      throws IOException, ModelNotFoundException, MalformedModelException, TranslateException {
    TensorBatch inputs = streamed.noiseInputs();
    int m = inputs.rows();
    TensorBatch validated = streamed.outputs().get(index).rows(0, m);
    ValidationPlan.ResolvedLimits limits =
        plan.limitsFor(model.id(), engine, ReferenceSet.Mode.PARITY);
    List<NoiseFloor.Variant> variants = new ArrayList<>();
    List<TensorBatch> single = new ArrayList<>(m);
    for (int r = 0; r < m; r++) {
      single.add(predictor.predict(inputs.rows(r, r + 1)));
    }
    variants.add(
        variant(
            "batch 1",
            NoiseFloor.Change.BATCH,
            TensorBatch.concat(single),
            validated,
            compared,
            limits,
            streamed.ids()));
    String note = null;
    if (engine.readsThreadsPerModel()) {
      for (int threads = 1; threads <= 2; threads++) {
        EngineSettings settings =
            request.settingsFor(engine).toBuilder().optIntraOpThreads(threads).build();
        try (ModelPredictor other = ModelPredictor.open(request.artifact(), settings, compared)) {
          List<TensorBatch> parts = new ArrayList<>();
          int batch = settings.batchSize();
          for (int at = 0; at < m; at += batch) {
            parts.add(other.predict(inputs.rows(at, Math.min(m, at + batch))));
          }
          variants.add(
              variant(
                  "intra-op " + threads,
                  NoiseFloor.Change.THREADS,
                  TensorBatch.concat(parts),
                  validated,
                  compared,
                  limits,
                  streamed.ids()));
        }
      }
    } else {
      note =
          engine.cliName()
              + " reads its thread settings once per process, so thread counts were not varied"
              + " here (validate again with --intra-op N for another count)";
    }
    return new NoiseFloor(m, variants, note);
  }

  private static NoiseFloor.Variant variant(
      String name,
      NoiseFloor.Change change,
      TensorBatch rerun,
      TensorBatch validated,
      List<String> compared,
      ValidationPlan.ResolvedLimits limits,
      List<String> ids) {
    List<ElementwiseComparison.Part> parts = new ArrayList<>();
    for (String output : compared) {
      parts.add(part(output, rerun.get(output), validated.get(output), limits.output(output)));
    }
    return new NoiseFloor.Variant(
        name, change, ElementwiseComparison.compareEach(parts, ids, 1).outputs());
  }

  private static ElementwiseComparison.Part part(
      String name, Tensor actual, Tensor expected, OutputLimits limits) {
    return new ElementwiseComparison.Part(
        name,
        Arrays.stream(expected.shape()).boxed().toList(),
        actual,
        expected,
        new Tolerance(limits.atol(), limits.rtol()));
  }

  private static Map<String, Tensor> ordered(ReferenceSet reference, ModelCard card) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (TensorSpec input : card.signature().inputs()) {
      out.put(input.name(), reference.inputs().get(input.name()));
    }
    return out;
  }

  private static ValidationReport evaluate(
      ValidationRequest request,
      ValidationPlan plan,
      ModelVersion model,
      List<EngineName> engines,
      List<String> compared,
      List<String> taps,
      ReferenceSet reference,
      Streamed streamed,
      List<NoiseFloor> floors,
      List<ModelPredictor> predictors,
      Instant started,
      long start)
      throws IOException {
    int worst = plan.worstRecords();
    ModelCard card = model.card();
    ReferenceSet.Mode mode = reference.mode();
    List<Gate> runGates = new ArrayList<>();
    PreprocessingComparison preprocessing = streamed.preprocessing();
    Long maxMismatched = plan.preprocessingFor(model.id(), mode).maxMismatchedRecords();
    if (preprocessing != null && maxMismatched != null) {
      runGates.add(
          Gate.atMost(
              "preprocessing.mismatchedRecords", maxMismatched, preprocessing.mismatchedRecords()));
    }
    List<EngineEvaluation> evaluations = new ArrayList<>();
    for (int e = 0; e < predictors.size(); e++) {
      EngineName engine = engines.get(e);
      ValidationPlan.ResolvedLimits limits = plan.limitsFor(model.id(), engine, mode);
      String prefix = engine.cliName() + ".";
      List<Gate> gates = new ArrayList<>();
      List<ElementwiseComparison.Part> parts = new ArrayList<>();
      TensorBatch actual = streamed.outputs().get(e);
      for (String name : compared) {
        Tensor expected = reference.outputs().get(name);
        Tensor got = actual.get(name);
        if (!Arrays.equals(got.shape(), expected.shape())) {
          gates.add(Gate.atMost(prefix + name + ".shapeMismatch", 0, 1));
          continue;
        }
        parts.add(part(name, got, expected, limits.output(name)));
      }
      ElementwiseComparison.Comparisons comparisons =
          ElementwiseComparison.compareEach(parts, streamed.ids(), worst);
      for (OutputComparison c : comparisons.outputs()) {
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
        if (l.maxNonFinite() != null) {
          gates.add(Gate.atMost(at + "nonFinite", l.maxNonFinite(), c.nonFinite()));
        }
      }
      QualityComparison quality =
          quality(card.task(), reference, actual, limits.quality(), prefix, gates);
      List<ElementwiseComparison.Part> tapParts = tapParts(taps, reference, streamed, e, limits);
      List<OutputComparison> tapComparisons =
          ElementwiseComparison.compareEach(tapParts, streamed.ids(), worst).outputs();
      Localisation localisation =
          localise(
              card,
              reference,
              streamed,
              actual,
              parts,
              comparisons.all(),
              tapParts,
              tapComparisons,
              limits.quality());
      NoiseFloor floor = floors.isEmpty() ? null : floors.get(e);
      if (floor != null && floor.batch().isPresent()) {
        for (OutputComparison c : floor.batch().get().outputs()) {
          Double max = limits.output(c.output()).maxBatchDifference();
          if (max != null) {
            gates.add(
                Gate.atMost(prefix + c.output() + ".batchInvariance", max, c.absolute().max()));
          }
        }
      }
      List<SliceComparison> slices = slices(card, reference, streamed, actual, plan, model);
      if (mode == ReferenceSet.Mode.PARITY) {
        sliceGates(plan.slicesFor(model.id()), slices, prefix, gates);
      }
      ModelPredictor p = predictors.get(e);
      EngineProvenance provenance =
          new EngineProvenance(
              engine,
              p.engineVersion(),
              p.settings().device(),
              p.settings().toString(),
              model.cardFolder().relativize(p.modelFile()).toString(),
              p.modelSha256());
      evaluations.add(
          new EngineEvaluation(
              provenance,
              comparisons.outputs(),
              comparisons.all(),
              tapComparisons,
              localisation,
              quality,
              floor,
              slices,
              gates,
              streamed.predictSeconds()[e]));
    }
    List<EnginePairComparison> matrix = matrix(plan, model, engines, compared, streamed, worst);
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
            model.id().toString(),
            model.cardFile().toString(),
            model.cardSha256(),
            reference.folder().toAbsolutePath().normalize().toString(),
            reference.manifestSha256(),
            reference.records(),
            environment(reference),
            plan.source());
    Drift drift = mode == ReferenceSet.Mode.DRIFT ? drift(reference, model, provenance) : null;
    return new ValidationReport(provenance, preprocessing, runGates, evaluations, matrix, drift);
  }

  private static List<ElementwiseComparison.Part> tapParts(
      List<String> taps,
      ReferenceSet reference,
      Streamed streamed,
      int engine,
      ValidationPlan.ResolvedLimits limits) {
    List<ElementwiseComparison.Part> parts = new ArrayList<>();
    TensorBatch got = streamed.taps().get(engine);
    for (String name : taps) {
      Tensor expected = reference.taps().get(name);
      Tensor actual = got.get(name);
      if (!Arrays.equals(actual.shape(), expected.shape())) {
        throw new IllegalStateException(
            "tap "
                + name
                + ": the engine returned "
                + actual.describe()
                + " for the records the reference holds "
                + expected.describe()
                + " for");
      }
      parts.add(part(name, actual, expected, limits.output(name)));
    }
    return parts;
  }

  // Every stage in pipeline order, each record counted where it first parts from the reference.
  private static Localisation localise(
      ModelCard card,
      ReferenceSet reference,
      Streamed streamed,
      TensorBatch actual,
      List<ElementwiseComparison.Part> outputParts,
      OutputComparison outputs,
      List<ElementwiseComparison.Part> tapParts,
      List<OutputComparison> tapComparisons,
      QualityLimits quality) {
    StageTrace trace = new StageTrace(streamed.ids());
    int n = reference.records();
    if (streamed.tally() != null) {
      trace.exact(Stage.Kind.PREPROCESSING, "pre-processing", n, streamed.tally().fieldStage());
      trace.exact(Stage.Kind.INPUTS, "inputs", n, streamed.tally().inputStage());
    }
    for (int i = 0; i < tapParts.size(); i++) {
      String label = card.signature().tap(tapParts.get(i).output()).label();
      trace.elementwise(Stage.Kind.TAP, label, List.of(tapParts.get(i)), tapComparisons.get(i));
    }
    trace.elementwise(Stage.Kind.OUTPUTS, "outputs", outputParts, outputs);
    Task task = card.task();
    Tensor expected = task.output() == null ? null : reference.outputs().get(task.output());
    if (expected != null && actual.has(task.output())) {
      Tensor got = actual.get(task.output());
      if (task.kind() == Task.Kind.BINARY) {
        Double band = quality.binary().flipBand();
        trace.decisions(
            n,
            QualityMetrics.flipped(
                floats(got), floats(expected), task.threshold(), band == null ? 0 : band));
      } else if (task.kind() == Task.Kind.MULTICLASS) {
        trace.decisions(
            n, QualityMetrics.argmaxFlipped(doubles(got), doubles(expected), task.classes()));
      }
    }
    return trace.localise(reference.tapRecords());
  }

  private static List<SliceComparison> slices(
      ModelCard card,
      ReferenceSet reference,
      Streamed streamed,
      TensorBatch actual,
      ValidationPlan plan,
      ModelVersion model) {
    String output = card.servingOutput();
    if (streamed.slices() == null
        || !actual.has(output)
        || !reference.outputs().containsKey(output)) {
      return List.of();
    }
    return Slices.compare(
        streamed.slices(),
        card.task(),
        actual.get(output),
        reference.outputs().get(output),
        reference.labels(),
        plan.slicesFor(model.id()).topValues());
  }

  private static void sliceGates(
      SliceLimits limits, List<SliceComparison> slices, String prefix, List<Gate> gates) {
    for (SliceLimits.SliceGate g : limits.gates()) {
      boolean found = false;
      for (SliceComparison s : slices) {
        if (!g.covers(s.key())) {
          continue;
        }
        found = true;
        String at = prefix + "slice." + s.key() + ".";
        if (g.maxMax() != null) {
          gates.add(Gate.atMost(at + "max", g.maxMax(), s.difference().max()));
        }
        if (g.maxP99() != null) {
          gates.add(Gate.atMost(at + "p99", g.maxP99(), s.difference().p99()));
        }
        if (g.maxQualityDelta() != null && !Double.isNaN(s.qualityDelta())) {
          gates.add(
              Gate.atMost(at + s.qualityMetric() + "Delta", g.maxQualityDelta(), s.qualityDelta()));
        }
      }
      if (!found) {
        // A gated slice that is not there fails: the plan names what it expects to see.
        gates.add(Gate.atMost(prefix + "slice." + g.slice() + ".present", 0, 1));
      }
    }
  }

  // The two runs side by side: what the reference's manifest says made it, and this run.
  private static Drift drift(ReferenceSet reference, ModelVersion model, Provenance provenance) {
    Map<String, String> made = new LinkedHashMap<>();
    JsonNode producer = reference.manifest().provenance().get("producer");
    if (producer != null && producer.isObject()) {
      producer
          .properties()
          .forEach(
              f -> {
                if (f.getValue().isValueNode()) {
                  made.put(f.getKey(), f.getValue().asText());
                }
              });
    }
    Map<String, String> now = new LinkedHashMap<>();
    now.put("tool", "parity validate");
    now.put("parity", provenance.parityVersion());
    now.put("djl", provenance.djlVersion());
    now.put("java", provenance.javaVersion());
    String cardSha = reference.manifest().modelCardSha256();
    return new Drift(
        reference.manifest().model().toString(),
        cardSha,
        model.id().toString(),
        model.cardSha256(),
        made,
        now);
  }

  // The reference producer's versions (Python, torch, numpy...), flattened for the provenance.
  private static Map<String, String> environment(ReferenceSet reference) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : List.of("environment", "producer")) {
      JsonNode node = reference.manifest().provenance().get(key);
      if (node != null && node.isObject()) {
        node.properties()
            .forEach(
                f -> {
                  if (f.getValue().isValueNode()) {
                    out.putIfAbsent(f.getKey(), f.getValue().asText());
                  }
                });
      }
    }
    return out;
  }

  private static QualityComparison quality(
      Task task,
      ReferenceSet reference,
      TensorBatch actual,
      QualityLimits limits,
      String prefix,
      List<Gate> gates) {
    if (task.kind() == Task.Kind.NONE || !actual.has(task.output())) {
      return null;
    }
    Tensor got = actual.get(task.output());
    Tensor expected = reference.outputs().get(task.output());
    if (expected == null || !Arrays.equals(got.shape(), expected.shape())) {
      return null;
    }
    Tensor labels = reference.labels();
    String at = prefix + "quality.";
    switch (task.kind()) {
      case BINARY -> {
        QualityLimits.Binary l = limits.binary();
        BinaryQuality q =
            BinaryQuality.of(
                labels == null ? null : binaryLabels(labels),
                floats(got),
                floats(expected),
                task.precisionTarget(),
                task.threshold(),
                l.flipBand() == null ? 0 : l.flipBand());
        if (q.labelled() && l.maxAucDelta() != null) {
          gates.add(Gate.atMost(at + "aucDelta", l.maxAucDelta(), q.aucDelta()));
        }
        if (q.labelled() && l.maxRecallDelta() != null) {
          gates.add(Gate.atMost(at + "recallDelta", l.maxRecallDelta(), q.recallDelta()));
        }
        if (l.maxFlips() != null) {
          gates.add(Gate.atMost(at + "flips", l.maxFlips(), q.flips()));
        }
        return q;
      }
      case MULTICLASS -> {
        QualityLimits.Multiclass l = limits.multiclass();
        MulticlassQuality q =
            MulticlassQuality.of(
                labels == null ? null : longs(labels),
                doubles(got),
                doubles(expected),
                task.classes(),
                task.scores(),
                l.topK() == null ? Math.min(3, task.classes()) : l.topK());
        if (l.maxArgmaxFlips() != null) {
          gates.add(Gate.atMost(at + "argmaxFlips", l.maxArgmaxFlips(), q.argmaxFlips()));
        }
        if (l.minTopKAgreement() != null) {
          gates.add(Gate.atLeast(at + "topKAgreement", l.minTopKAgreement(), q.topKAgreement()));
        }
        if (q.labelled() && l.maxAccuracyDelta() != null) {
          gates.add(Gate.atMost(at + "accuracyDelta", l.maxAccuracyDelta(), q.accuracyDelta()));
        }
        if (q.labelled() && l.maxLogLossDelta() != null) {
          gates.add(Gate.atMost(at + "logLossDelta", l.maxLogLossDelta(), q.logLossDelta()));
        }
        return q;
      }
      case REGRESSION -> {
        if (labels == null) {
          return null;
        }
        QualityLimits.Regression l = limits.regression();
        RegressionQuality q =
            RegressionQuality.of(doubles(labels), doubles(got), doubles(expected));
        if (l.maxRmseDelta() != null) {
          gates.add(Gate.atMost(at + "rmseDelta", l.maxRmseDelta(), q.rmseDelta()));
        }
        if (l.maxMaeDelta() != null) {
          gates.add(Gate.atMost(at + "maeDelta", l.maxMaeDelta(), q.maeDelta()));
        }
        return q;
      }
      default -> throw new AssertionError(task.kind());
    }
  }

  private static byte[] binaryLabels(Tensor labels) {
    byte[] out = new byte[labels.size()];
    for (int i = 0; i < out.length; i++) {
      long v = labels.getLong(i);
      if (v != 0 && v != 1) {
        throw new IllegalArgumentException(
            "the reference labels of a binary model must be 0 or 1; label " + i + " is " + v);
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static long[] longs(Tensor t) {
    long[] out = new long[t.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = t.getLong(i);
    }
    return out;
  }

  private static double[] doubles(Tensor t) {
    double[] out = new double[t.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = t.getDouble(i);
    }
    return out;
  }

  private static float[] floats(Tensor t) {
    if (t.dtype() == dev.parity.tensor.Dtype.FLOAT32) {
      return t.floats();
    }
    float[] out = new float[t.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) t.getDouble(i);
    }
    return out;
  }

  private static List<EnginePairComparison> matrix(
      ValidationPlan plan,
      ModelVersion model,
      List<EngineName> engines,
      List<String> compared,
      Streamed streamed,
      int worst) {
    List<EnginePairComparison> pairs = new ArrayList<>();
    for (int a = 0; a < engines.size(); a++) {
      for (int b = a + 1; b < engines.size(); b++) {
        ValidationPlan.ResolvedLimits limits = plan.limitsFor(model.id(), engines.get(a));
        List<ElementwiseComparison.Part> parts = new ArrayList<>();
        for (String name : compared) {
          Tensor x = streamed.outputs().get(a).get(name);
          Tensor y = streamed.outputs().get(b).get(name);
          if (!Arrays.equals(x.shape(), y.shape())) {
            continue;
          }
          OutputLimits l = limits.output(name);
          parts.add(
              new ElementwiseComparison.Part(
                  name,
                  Arrays.stream(x.shape()).boxed().toList(),
                  x,
                  y,
                  new Tolerance(l.atol(), l.rtol())));
        }
        ElementwiseComparison.Comparisons c =
            ElementwiseComparison.compareEach(parts, streamed.ids(), worst);
        pairs.add(new EnginePairComparison(engines.get(a), engines.get(b), c.outputs(), c.all()));
      }
    }
    return pairs;
  }
}
