package dev.parity.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and merges JMH's JSON result files ({@code -rf json}). */
public final class JmhResults {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JmhResults() {}

  /**
   * Reads one JMH JSON result file.
   *
   * @param file the file JMH wrote
   * @return one measurement per benchmark and parameter combination, in file order
   * @throws IOException if the file cannot be read or is not JMH's JSON
   */
  public static List<JmhMeasurement> read(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    if (root == null || !root.isArray()) {
      throw new IOException(file + " is not a JMH JSON result (an array of benchmarks)");
    }
    List<JmhMeasurement> out = new ArrayList<>();
    for (JsonNode n : root) {
      out.add(measurement(n));
    }
    return out;
  }

  /**
   * Concatenates several JMH JSON result files into one, skipping any that do not exist (a run that
   * produced nothing).
   *
   * @param parts the files, in order
   * @param target the merged file
   * @throws IOException if a file cannot be read or the target written
   */
  public static void merge(List<Path> parts, Path target) throws IOException {
    ArrayNode all = JSON.createArrayNode();
    for (Path p : parts) {
      if (Files.isRegularFile(p) && Files.size(p) > 0) {
        JsonNode n = JSON.readTree(p.toFile());
        if (n != null && n.isArray()) {
          all.addAll((ArrayNode) n);
        }
      }
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), all);
  }

  private static JmhMeasurement measurement(JsonNode n) throws IOException {
    String full = n.path("benchmark").asText();
    int dot = full.lastIndexOf('.');
    if (dot < 0) {
      throw new IOException("benchmark name without a method: '" + full + "'");
    }
    String cls = full.substring(0, dot);
    String benchmark = cls.substring(cls.lastIndexOf('.') + 1);
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("params").properties()) {
      params.put(e.getKey(), e.getValue().asText());
    }
    Map<String, Double> secondary = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("secondaryMetrics").properties()) {
      secondary.put(e.getKey(), number(e.getValue().path("score")));
    }
    JsonNode primary = n.path("primaryMetric");
    return new JmhMeasurement(
        benchmark,
        full.substring(dot + 1),
        n.path("threads").asInt(1),
        params,
        number(primary.path("score")),
        number(primary.path("scoreError")),
        primary.path("scoreUnit").asText(""),
        secondary);
  }

  // JMH writes "NaN" as a string when an error is undefined (a single iteration).
  private static double number(JsonNode n) {
    if (n.isNumber()) {
      return n.asDouble();
    }
    try {
      return Double.parseDouble(n.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
