package dev.parity.reliability;

/** What a soak repeats. */
public enum SoakMode {
  /** Predictions through one loaded model. */
  PREDICTIONS("predictions"),
  /** Model load, one batch, close. */
  CYCLES("model load/close cycles");

  private final String words;

  SoakMode(String words) {
    this.words = words;
  }

  /**
   * Returns what one unit of the run is, in the plural, for summaries.
   *
   * @return e.g. {@code model load/close cycles}
   */
  public String words() {
    return words;
  }
}
