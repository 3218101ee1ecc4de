package dev.parity.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The committed JMH and Python fixtures, and the small preset's cost. */
final class Fixtures {
  private Fixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<JmhMeasurement> jmh() throws IOException {
    return JmhResults.read(resource("jmh-fixture.json"));
  }

  static PythonBaseline python() throws IOException {
    return PythonBaseline.read(resource("python-fixture.json"));
  }

  /**
   * The summary of the committed fixtures against the shipped plan.
   *
   * @param preset the preset the fixtures count as
   * @param cores the cores to recommend for
   * @return the summary
   */
  static BenchSummary summary(String preset, int cores) throws IOException {
    return summary(preset, cores, BenchPlan.shipped());
  }

  /**
   * The summary of the committed fixtures against a plan.
   *
   * @param preset the preset the fixtures count as
   * @param cores the cores to recommend for
   * @param plan the targets
   * @return the summary
   */
  static BenchSummary summary(String preset, int cores, BenchPlan plan) throws IOException {
    return BenchSummary.compute(
        preset, cores, smallCost(), jmh(), python(), List.of("a note"), plan);
  }

  /**
   * A judged target by name.
   *
   * @param s the summary
   * @param name the target's name in its plan
   * @return the target
   */
  static BenchSummary.Target target(BenchSummary s, String name) {
    return s.targets().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  /** The small card's shapes: fields 60/20/1/1, dim 16, dense 64 → 64 → 16 → 1. */
  static ModelCost smallCost() {
    return ModelCost.of("small", 16, List.of(60, 20, 1, 1), List.of(64, 64, 16, 1));
  }
}
