package dev.parity.file;

import com.fasterxml.jackson.core.JsonLocation;

/**
 * One of Parity's own JSON or YAML files (zoo metadata, model card, vocabulary, reference manifest,
 * validation plan) cannot be used: it is not valid JSON or YAML, is cut short, holds a value of the
 * wrong type, an unknown key or another schema. The message is one line, {@code
 * <file>:<line>:<column>: <what is wrong>; <what to do>}, the way compilers name a place in a file;
 * line and column are left out when the problem has no single place (a wrong schema found after
 * reading).
 */
public final class MalformedFileException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param file the file as the user named it, or another name for text that has no file
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param problem what is wrong, e.g. {@code not valid JSON: the file ends early}
   * @param remedy what to do about it, or null
   * @param cause the parser's error, or null
   */
  public MalformedFileException(
      String file, int line, int column, String problem, String remedy, Throwable cause) {
    super(message(file, line, column, problem, remedy), cause);
    this.file = file;
    this.line = Math.max(0, line);
    this.column = line > 0 ? Math.max(0, column) : 0;
    this.problem = problem;
  }

  /**
   * Creates the exception for a place a parser points at.
   *
   * @param file the file as the user named it
   * @param where the parser's location; null or an unknown line leaves line and column out
   * @param problem what is wrong
   * @param remedy what to do about it, or null
   * @return the exception
   */
  public static MalformedFileException at(
      String file, JsonLocation where, String problem, String remedy) {
    int line = where == null ? 0 : where.getLineNr();
    int column = where == null ? 0 : where.getColumnNr();
    return new MalformedFileException(file, line, column, problem, remedy, null);
  }

  private static String message(String file, int line, int column, String problem, String remedy) {
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(':').append(line);
      if (column > 0) {
        b.append(':').append(column);
      }
    }
    b.append(": ").append(problem);
    if (remedy != null && !remedy.isBlank()) {
      b.append("; ").append(remedy);
    }
    return b.toString();
  }

  /**
   * Returns the file.
   *
   * @return the file as the user named it
   */
  public String file() {
    return file;
  }

  /**
   * Returns the line of the problem.
   *
   * @return 1-based, or 0 when unknown
   */
  public int line() {
    return line;
  }

  /**
   * Returns the column of the problem.
   *
   * @return 1-based, or 0 when unknown
   */
  public int column() {
    return column;
  }

  /**
   * Returns what is wrong, without the place and the remedy.
   *
   * @return e.g. {@code not valid JSON: the file ends early, inside a string}
   */
  public String problem() {
    return problem;
  }
}
