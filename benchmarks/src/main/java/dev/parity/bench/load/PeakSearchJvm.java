package dev.parity.bench.load;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.failure.ExitCode;
import dev.parity.failure.Failure;
import dev.parity.process.ChildProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one engine setting's peak search in a JVM of its own. PyTorch reads its thread settings once
 * per process and MXNet only from {@code OMP_NUM_THREADS} in the environment it starts with, so a
 * search over settings cannot share a JVM: {@link #fork} starts this class's {@link #main} with the
 * setting, which loads the model once, searches, and writes a {@link CandidatePeak} as JSON.
 */
public final class PeakSearchJvm {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  // System properties the search JVM inherits: DJL's (offline, caches), Parity's (zoo), logging.
  private static final List<String> INHERITED_PREFIXES =
      List.of("ai.djl.", "parity.", "org.slf4j.simpleLogger.", "DJL_CACHE_DIR", "TENSORFLOW_");

  private PeakSearchJvm() {}

  /**
   * What one search JVM does.
   *
   * @param settings the engine setting
   * @param zoo the zoo folder, or null for the environment's
   * @param records the records file
   * @param step each step's run (its rate is replaced by the search's)
   * @param search the search
   */
  public record Request(
      EngineSettings settings, Path zoo, Path records, LoadSpec step, PeakSearchSpec search) {

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("engine", engineMap(settings));
      m.put("zoo", zoo == null ? null : zoo.toAbsolutePath().toString());
      m.put("records", records.toAbsolutePath().toString());
      m.put("load", step.toMap());
      m.put("search", search.toMap());
      return m;
    }

    @SuppressWarnings("unchecked")
    static Request fromMap(Map<String, Object> m) {
      Map<String, Object> e = (Map<String, Object>) m.get("engine");
      EngineSettings.Builder b =
          EngineSettings.builder()
              .setEngine(LoadSpec.value(e, "engine"))
              .optDevice(LoadSpec.value(e, "device"))
              .optInterOpThreads(Integer.parseInt(LoadSpec.value(e, "interOp")))
              .optIntraOpThreads(Integer.parseInt(LoadSpec.value(e, "intraOp")));
      ((Map<String, Object>) e.getOrDefault("options", Map.of()))
          .forEach((k, v) -> b.optOption(k, String.valueOf(v)));
      return new Request(
          b.build(),
          m.get("zoo") == null ? null : Path.of(m.get("zoo").toString()),
          Path.of(LoadSpec.value(m, "records")),
          LoadSpec.fromMap((Map<String, Object>) m.get("load")),
          PeakSearchSpec.fromMap((Map<String, Object>) m.get("search")));
    }
  }

  /**
   * The engine settings as a report shows them.
   *
   * @param s the settings
   * @return engine, device, interOp, intraOp (0: the engine's default), options
   */
  static Map<String, Object> engineMap(EngineSettings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", s.engine().cliName());
    m.put("device", s.device());
    m.put("interOp", s.interOpThreads());
    m.put("intraOp", s.intraOpThreads());
    m.put("options", s.options());
    return m;
  }

  /**
   * Names an engine setting for tables and plots.
   *
   * @param s the settings
   * @param serverThreads the run's server threads
   * @return e.g. {@code onnxruntime cpu inter-op 1 intra-op 2, 1 server thread}
   */
  public static String label(EngineSettings s, int serverThreads) {
    return String.format(
        Locale.ROOT,
        "%s %s inter-op %s intra-op %s, %d server thread%s",
        s.engine().cliName(),
        s.device(),
        s.interOpThreads() == 0 ? "default" : Integer.toString(s.interOpThreads()),
        s.intraOpThreads() == 0 ? "default" : Integer.toString(s.intraOpThreads()),
        serverThreads,
        serverThreads == 1 ? "" : "s");
  }

  /**
   * Runs a search in a new JVM with this JVM's classpath, heap and GC flags and its {@code
   * ai.djl.*} and {@code parity.*} system properties; for MXNet with {@code OMP_NUM_THREADS} set to
   * the intra-op threads.
   *
   * @param request what to search
   * @param workDir where the request and result files go
   * @param lines receives the search JVM's output, line by line
   * @return the search; when the JVM failed, a candidate with {@code error} and {@code exitCode}
   *     set
   * @throws IOException if the JVM cannot start or the files cannot be written
   * @throws InterruptedException if interrupted while waiting
   */
  public static CandidatePeak fork(Request request, Path workDir, Consumer<String> lines)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path in = workDir.resolve("request.json");
    Path out = workDir.resolve("result.json");
    JSON.writeValue(in.toFile(), request.toMap());
    Files.deleteIfExists(out);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-XX:")) {
        command.add(a);
      }
    }
    for (String key : System.getProperties().stringPropertyNames()) {
      if (INHERITED_PREFIXES.stream().anyMatch(key::startsWith)) {
        command.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    command.add("-cp");
    command.add(classpath());
    command.add(PeakSearchJvm.class.getName());
    command.add(in.toAbsolutePath().toString());
    command.add(out.toAbsolutePath().toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    EngineSettings s = request.settings();
    if (s.engine() == EngineName.MXNET && s.intraOpThreads() > 0) {
      builder.environment().put("OMP_NUM_THREADS", Integer.toString(s.intraOpThreads()));
    }
    ChildProcess ended = ChildProcess.run(builder, lines);
    int code = ended.exitCode();
    String lastLine = ended.lastLine();
    if (Files.isRegularFile(out)) {
      return JSON.readValue(out.toFile(), CandidatePeak.class);
    }
    return new CandidatePeak(
        label(s, request.step().serverThreads()),
        engineMap(s),
        null,
        null,
        List.of(),
        null,
        null,
        "the search JVM failed",
        "the search JVM exited with code " + code + " and wrote no result; last line: " + lastLine,
        code == 0 ? ExitCode.CHECK_FAILED.code() : code);
  }

  // Surefire hands tests a manifest-only jar and the real classpath in this property.
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /**
   * Searches in this JVM and writes the result: {@code REQUEST.json RESULT.json}. Exit code 0 when
   * the search ran (whether or not a rate met the bound), else the failure's code (2 bad input, 3
   * engine unavailable); the result file then carries the error.
   *
   * @param args the request file and the result file
   */
  public static void main(String[] args) {
    int code = ExitCode.OK.code();
    PrintWriter progress = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    try {
      if (args.length != 2) {
        throw new IllegalArgumentException("usage: PeakSearchJvm REQUEST.json RESULT.json");
      }
      Path out = Path.of(args[1]);
      Request request = null;
      try {
        request =
            Request.fromMap(
                JSON.readValue(
                    Path.of(args[0]).toFile(), new TypeReference<Map<String, Object>>() {}));
        JSON.writeValue(out.toFile(), search(request, progress));
      } catch (Exception e) {
        Failure f = Failure.of(e);
        f.print("load", progress);
        code = f.exitCode().code();
        String label =
            request == null ? "?" : label(request.settings(), request.step().serverThreads());
        Map<String, Object> engine = request == null ? Map.of() : engineMap(request.settings());
        JSON.writeValue(
            out.toFile(),
            new CandidatePeak(
                label,
                engine,
                MachineProvenance.current(),
                null,
                List.of(),
                null,
                null,
                "the search could not run",
                f.message(),
                code));
      }
    } catch (Exception e) {
      Failure f = Failure.of(e);
      f.print("load", progress);
      code = f.exitCode().code();
    }
    progress.flush();
    System.exit(code);
  }

  /**
   * Searches in this JVM: loads the model once and runs the search's steps on it.
   *
   * @param request what to search
   * @param progress receives a line per step
   * @return the search
   * @throws Exception if the model cannot load or a run fails
   */
  static CandidatePeak search(Request request, PrintWriter progress) throws Exception {
    String label = label(request.settings(), request.step().serverThreads());
    try (ModelBatchService service =
        ModelBatchService.open(
            LoadJob.serving(request.settings(), request.step()),
            request.zoo(),
            request.records(),
            progress)) {
      LoadJob.settle();
      PeakSearch.Outcome o =
          PeakSearch.run(
              request.search(),
              rate ->
                  new OpenLoopRunner<>(
                          request.step().toBuilder().setRate(rate).build(),
                          service,
                          LoadClock.system())
                      .run(),
              step -> {
                progress.printf(
                    Locale.ROOT,
                    "load: %s at %,.0f/s: achieved %,.0f/s, p50 %.3f ms, p99 %.3f ms: %s%n",
                    request.settings().engine().cliName(),
                    step.rate(),
                    step.achievedPerSecond(),
                    step.p50Ms(),
                    step.p99Ms(),
                    step.passed() ? "PASS" : "FAIL (" + step.verdict() + ")");
                progress.flush();
              });
      return new CandidatePeak(
          label,
          engineMap(request.settings()),
          MachineProvenance.current(),
          service.provenance(),
          o.steps(),
          o.peakRate(),
          o.lowestFailingRate(),
          o.stop(),
          null,
          ExitCode.OK.code());
    }
  }
}
