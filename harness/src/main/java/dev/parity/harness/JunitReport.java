package dev.parity.harness;

import dev.parity.report.TextRendering;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a report as JUnit XML ({@code junit.xml}) for CI: one test suite for the run's gates and
 * one per engine, each gate a test case, a failed gate a {@code <failure>}.
 */
public final class JunitReport extends TextRendering<ValidationReport> {

  /** Creates the rendering, written as {@code junit.xml}. */
  public JunitReport() {
    super("junit.xml");
  }

  /**
   * Renders a report.
   *
   * @param report the report
   * @return the XML document
   */
  @Override
  public String render(ValidationReport report) {
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append(
        String.format(
            Locale.ROOT,
            "<testsuites name=\"parity validate\" tests=\"%d\" failures=\"%d\" errors=\"0\""
                + " time=\"%.3f\">%n",
            report.gates().size(),
            report.failedGates().size(),
            report.provenance().seconds()));
    suites(out, "parity.validate", report);
    out.append("</testsuites>\n");
    return out.toString();
  }

  /**
   * Appends one test suite for the run's gates and one per engine.
   *
   * @param out where to append
   * @param prefix the suites' name prefix, e.g. {@code parity.validate}
   * @param report the run
   */
  static void suites(StringBuilder out, String prefix, ValidationReport report) {
    Map<String, List<Gate>> suites = new LinkedHashMap<>();
    Map<String, Double> times = new LinkedHashMap<>();
    suites.put(prefix + ".run", report.runGates());
    times.put(prefix + ".run", 0.0);
    for (EngineEvaluation e : report.engines()) {
      String name = prefix + "." + e.engine().cliName();
      suites.put(name, e.gates());
      times.put(name, e.predictSeconds());
    }
    for (Map.Entry<String, List<Gate>> suite : suites.entrySet()) {
      List<Gate> gates = suite.getValue();
      long failures = gates.stream().filter(g -> !g.passed()).count();
      out.append(
          String.format(
              Locale.ROOT,
              "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\""
                  + " time=\"%.3f\" timestamp=\"%s\">%n",
              escape(suite.getKey()),
              gates.size(),
              failures,
              times.get(suite.getKey()),
              escape(report.provenance().startedAt().toString())));
      out.append("    <properties>\n");
      for (String[] property : properties(report, suite.getKey())) {
        out.append(
            String.format(
                "      <property name=\"%s\" value=\"%s\"/>%n",
                escape(property[0]), escape(property[1])));
      }
      out.append("    </properties>\n");
      for (Gate g : gates) {
        out.append(
            String.format(
                "    <testcase classname=\"%s\" name=\"%s\" time=\"0\"",
                escape(suite.getKey()), escape(g.name())));
        if (g.passed()) {
          out.append("/>\n");
        } else {
          out.append(">\n")
              .append(
                  String.format(
                      "      <failure type=\"GateFailed\" message=\"%s\">%s: %s</failure>%n",
                      escape(g.explanation()), escape(g.name()), escape(g.explanation())))
              .append("    </testcase>\n");
        }
      }
      out.append("  </testsuite>\n");
    }
  }

  private static List<String[]> properties(ValidationReport report, String suite) {
    Provenance p = report.provenance();
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {"model", p.model()});
    out.add(new String[] {"modelCardSha256", p.modelCardSha256()});
    out.add(new String[] {"referenceSetSha256", p.referenceSetSha256()});
    out.add(new String[] {"parityVersion", p.parityVersion()});
    out.add(new String[] {"java", p.javaVersion() + " " + p.javaVendor()});
    out.add(new String[] {"os", p.os() + " " + p.arch()});
    for (EngineEvaluation e : report.engines()) {
      if (suite.endsWith("." + e.engine().cliName())) {
        out.add(new String[] {"engineVersion", e.provenance().engineVersion()});
        out.add(new String[] {"device", e.provenance().device()});
        out.add(new String[] {"modelFileSha256", e.provenance().modelFileSha256()});
      }
    }
    return out;
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out.append('\uFFFD'); // XML 1.0 allows no other control characters
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
