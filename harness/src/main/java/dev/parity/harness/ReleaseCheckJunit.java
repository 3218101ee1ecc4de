package dev.parity.harness;

import dev.parity.report.TextRendering;
import java.util.Locale;

/**
 * Renders a release check as one JUnit XML file ({@code junit.xml}): the parity run's suites
 * ({@code parity.release.python.*}) and the drift run's ({@code parity.release.baseline.*}), each
 * gate a test case.
 */
public final class ReleaseCheckJunit extends TextRendering<ReleaseCheck> {

  /** Creates the rendering, written as {@code junit.xml}. */
  public ReleaseCheckJunit() {
    super("junit.xml");
  }

  @Override
  public String render(ReleaseCheck check) {
    int tests = check.parity().gates().size() + check.drift().gates().size();
    int failures = check.parity().failedGates().size() + check.drift().failedGates().size();
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append(
        String.format(
            Locale.ROOT,
            "<testsuites name=\"parity release-check\" tests=\"%d\" failures=\"%d\" errors=\"0\""
                + " time=\"%.3f\">%n",
            tests,
            failures,
            check.parity().provenance().seconds() + check.drift().provenance().seconds()));
    JunitReport.suites(out, "parity.release.python", check.parity());
    JunitReport.suites(out, "parity.release.baseline", check.drift());
    out.append("</testsuites>\n");
    return out.toString();
  }

  /**
   * Returns the release check's verdict in one line.
   *
   * @param check the release check
   * @return e.g. {@code PASS: dev.parity:segment:1.1.0: against Python all 21 gates passed; against
   *     the baseline all 4 gates passed}
   */
  public static String verdict(ReleaseCheck check) {
    return (check.passed() ? "PASS: " : "FAIL: ")
        + check.parity().provenance().model()
        + ": against Python "
        + part(check.parity())
        + "; against the baseline ("
        + check.drift().drift().referenceModel()
        + ") "
        + part(check.drift());
  }

  private static String part(ValidationReport report) {
    String v = ConsoleReport.verdict(report);
    return v.substring(v.indexOf(':') + 2);
  }
}
