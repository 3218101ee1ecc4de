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

  /** The small card's shapes: fields 60/20/1/1, dim 16, dense 64 → 64 → 16 → 1. */
  static ModelCost smallCost() {
    return ModelCost.of("small", 16, List.of(60, 20, 1, 1), List.of(64, 64, 16, 1));
  }
}
