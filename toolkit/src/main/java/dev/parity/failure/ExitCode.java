package dev.parity.failure;

/**
 * The exit codes of every Parity entry point ({@code parity}, {@code parity spark}, the soaks), in
 * one place so that each means the same everywhere.
 */
public enum ExitCode {
  /** Everything asked for was done and every check passed. */
  OK(0, "success"),
  /** A check failed (a gate, a soak's growth rule) or some records could not be predicted. */
  CHECK_FAILED(1, "a check failed or some records could not be predicted"),
  /** The command line or an input (file, model, record, plan) is wrong; fix it and run again. */
  BAD_INPUT(2, "usage or input error"),
  /** An engine's natives or classes could not be loaded; fix the installation. */
  ENGINE_UNAVAILABLE(3, "an engine could not load");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /**
   * Returns the process exit status.
   *
   * @return 0 to 3
   */
  public int code() {
    return code;
  }

  /**
   * Returns what the code means, for help texts.
   *
   * @return e.g. {@code usage or input error}
   */
  public String meaning() {
    return meaning;
  }

  /**
   * Returns the line a {@code --help} text prints about exit codes.
   *
   * @return e.g. {@code Exit codes: 0 success, 1 ..., 2 ..., 3 ...}
   */
  public static String helpLine() {
    StringBuilder b = new StringBuilder("Exit codes:");
    for (ExitCode c : values()) {
      b.append(c == OK ? " " : ", ").append(c.code).append(' ').append(c.meaning);
    }
    return b.append('.').toString();
  }
}
