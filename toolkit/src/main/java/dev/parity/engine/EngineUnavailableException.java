package dev.parity.engine;

/**
 * An engine's native libraries or Java classes could not be loaded. Unchecked: it is a fault of the
 * installation, not of the input, and no retry with other input helps.
 */
public final class EngineUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param engine the engine that failed
   * @param what what went wrong
   * @param cause the underlying failure, or null
   */
  public EngineUnavailableException(EngineName engine, String what, Throwable cause) {
    super(
        engine.djlName()
            + " engine is unavailable: "
            + what
            + ". It needs "
            + engine.mavenArtifacts()
            + " on the runtime classpath (Parity's toolkit module declares them; a trimmed"
            + " classpath or a shaded jar without META-INF/services loses them). Other engines"
            + " still work: pick one with --engine.",
        cause);
  }

  /**
   * Creates the exception with a message that says all: where the engine could not load and what is
   * missing there (e.g. a Spark executor without the zoo or the natives the job needs).
   *
   * @param message the whole message
   * @param cause the underlying failure, or null
   */
  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
