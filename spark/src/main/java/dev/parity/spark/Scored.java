package dev.parity.spark;

import java.io.Serializable;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * What a scoring pass over the input emits (the predictions' columns are the model's: {@link
 * OutputColumns}), and the counts it keeps.
 */
final class Scored {
  private Scored() {}

  /** The column that names a record, in the input, the predictions and the errors. */
  static final String ID = "id";

  /** A bad row: the error output's columns. */
  static final StructType ERRORS =
      new StructType()
          .add(ID, DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, false);

  /**
   * Which rows a pass emits. Both passes judge every row by the same code, so a row is bad in one
   * exactly when it is bad in the other.
   */
  enum Pass {
    /** Predicts the good rows and emits them; counts good and bad rows. */
    PREDICTIONS,
    /** Emits the bad rows with their reasons; loads no engine work, counts nothing. */
    ERRORS
  }

  /**
   * Good and bad row counts of a predictions pass. Spark merges an accumulator's updates once per
   * successful task of the stage that writes the output, so retried attempts are not counted twice.
   *
   * @param good rows predicted
   * @param bad rows that could not be read as records
   */
  record Counts(LongAccumulator good, LongAccumulator bad) implements Serializable {
    private static final long serialVersionUID = 1L;
  }
}
