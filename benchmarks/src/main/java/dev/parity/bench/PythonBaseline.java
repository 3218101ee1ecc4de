package dev.parity.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code scripts/parity model baseline} measured: Python pre-processing plus the TorchScript
 * model in torch, per thread count and batch size, and what those numbers depend on.
 *
 * @param device the torch device
 * @param python the Python version
 * @param torch the torch version
 * @param skipped why nothing was measured, or null
 * @param results one entry per path, threads and batch
 * @param blas the BLAS torch loaded, e.g. {@code OpenBLAS} or {@code reference BLAS (netlib)}, or
 *     null when not reported
 * @param blasLibraries the BLAS and LAPACK files mapped into the Python process, resolved
 * @param threading torch's thread defaults and the thread environment variables, by name (absent
 *     variables as {@code unset})
 * @param torchConfig {@code torch.__config__.show()} and {@code parallel_info()}, or null
 */
public record PythonBaseline(
    String device,
    String python,
    String torch,
    String skipped,
    List<Result> results,
    String blas,
    List<String> blasLibraries,
    Map<String, String> threading,
    String torchConfig) {

  /** The model whose pre-processing the Python baseline reproduces. */
  public static final String MODEL = "dev.parity:purchase";

  /** Copies the lists and the map. */
  public PythonBaseline {
    results = List.copyOf(results);
    blasLibraries = List.copyOf(blasLibraries);
    threading = Collections.unmodifiableMap(new LinkedHashMap<>(threading));
  }

  /**
   * One Python measurement.
   *
   * @param path {@code full} (raw records to probabilities) or {@code model} (pre-encoded)
   * @param threads {@code torch.set_num_threads}
   * @param batch records per call
   * @param recordsPerSecond the rate
   */
  public record Result(String path, int threads, int batch, double recordsPerSecond) {}

  /**
   * A baseline that was not measured.
   *
   * @param reason why
   * @return an empty baseline carrying the reason
   */
  public static PythonBaseline notMeasured(String reason) {
    return new PythonBaseline(
        "cpu", null, null, reason, List.of(), null, List.of(), Map.of(), null);
  }

  /**
   * Reads the JSON the Python side printed.
   *
   * @param file the JSON file
   * @return the baseline
   * @throws IOException if it cannot be read
   */
  public static PythonBaseline read(Path file) throws IOException {
    JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
    List<Result> results = new ArrayList<>();
    for (JsonNode r : root.path("results")) {
      results.add(
          new Result(
              r.path("path").asText(),
              r.path("threads").asInt(),
              r.path("batch").asInt(),
              r.path("recordsPerSecond").asDouble()));
    }
    List<String> libraries = new ArrayList<>();
    root.path("blas").path("libraries").forEach(l -> libraries.add(l.asText()));
    Map<String, String> threading = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("threading").properties()) {
      if (e.getValue().isObject()) {
        for (Map.Entry<String, JsonNode> v : e.getValue().properties()) {
          threading.put(v.getKey(), v.getValue().isNull() ? "unset" : v.getValue().asText());
        }
      } else {
        threading.put(e.getKey(), e.getValue().asText());
      }
    }
    String config =
        root.hasNonNull("torchConfig")
            ? root.path("torchConfig").asText() + root.path("parallelInfo").asText("")
            : null;
    return new PythonBaseline(
        root.path("device").asText("cpu"),
        root.path("python").asText(null),
        root.path("torch").asText(null),
        root.hasNonNull("skipped") ? root.path("skipped").asText() : null,
        results,
        root.path("blas").hasNonNull("name") ? root.path("blas").path("name").asText() : null,
        libraries,
        threading,
        config);
  }

  /**
   * The fastest result of a path at a thread count, over all batch sizes; when that thread count
   * was not measured, at the largest one below it.
   *
   * @param path {@code full} or {@code model}
   * @param threads the cores to compare at
   * @return the result, empty when nothing at or below {@code threads} was measured
   */
  public Optional<Result> best(String path, int threads) {
    int at =
        results.stream()
            .filter(r -> r.path.equals(path) && r.threads <= threads)
            .mapToInt(Result::threads)
            .max()
            .orElse(-1);
    return results.stream()
        .filter(r -> r.path.equals(path) && r.threads == at)
        .max((a, b) -> Double.compare(a.recordsPerSecond, b.recordsPerSecond));
  }
}
