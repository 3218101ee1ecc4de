package dev.parity.bench.load;

import java.util.Locale;

/** How requests arrive at the target rate. */
public enum ArrivalProcess {
  /** Independent arrivals: exponential gaps with the rate's mean, from a seeded generator. */
  POISSON,
  /** One request every {@code 1/rate} seconds exactly. */
  FIXED;

  /**
   * Parses the command-line name.
   *
   * @param name {@code poisson} or {@code fixed}
   * @return the process
   * @throws IllegalArgumentException for any other name
   */
  public static ArrivalProcess parse(String name) {
    for (ArrivalProcess p : values()) {
      if (p.cliName().equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("arrivals must be poisson or fixed, found '" + name + "'");
  }

  /**
   * Returns the command-line name.
   *
   * @return {@code poisson} or {@code fixed}
   */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
