package dev.parity.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.failure.ExitCode;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parity-spark count}: reads a committed output with Spark's Parquet reader alone (none of
 * the job's code) and checks it against the run record the job wrote ({@value
 * OutputCommit#RUN_FILE}).
 */
@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    description = {
      "Counts the rows and distinct ids of a predictions folder and its errors folder with Spark's"
          + " Parquet reader alone, and checks them against the run record the job wrote: every id"
          + " once, as many rows as the job counted. Exit 0 when they agree, 1 when not."
    })
final class CountCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, description = "The predictions folder.")
  String output;

  @Option(names = "--errors", description = "The errors folder (default: OUTPUT.errors).")
  String errors;

  @Mixin ParitySpark.SparkOptions spark = new ParitySpark.SparkOptions();

  @Override
  public Integer call() throws java.io.IOException {
    String errorFolder = errors != null ? errors : InferenceOptions.defaultErrors(output);
    SparkSession session = ParitySpark.session(spark.spec("parity-spark count", null));
    try {
      FileSystem fs = new Path(output).getFileSystem(session.sparkContext().hadoopConfiguration());
      long rows = session.read().parquet(output).count();
      long ids = session.read().parquet(output).select(Scored.ID).distinct().count();
      long errorRows = session.read().parquet(errorFolder).count();
      long errorIds = session.read().parquet(errorFolder).select(Scored.ID).distinct().count();
      boolean marker = fs.exists(new Path(output, "_SUCCESS"));
      System.out.printf(
          Locale.ROOT,
          "%s: %,d rows, %,d distinct ids; _SUCCESS %s%n%s: %,d rows, %,d distinct ids%n",
          output,
          rows,
          ids,
          marker ? "present" : "missing",
          errorFolder,
          errorRows,
          errorIds);
      Path runFile = new Path(output, OutputCommit.RUN_FILE);
      if (!fs.exists(runFile)) {
        System.out.println("no " + OutputCommit.RUN_FILE + ": not a committed Parity output");
        return ExitCode.CHECK_FAILED.code();
      }
      JsonNode run;
      try (InputStream in = fs.open(runFile)) {
        run = JsonMapper.builder().build().readTree(in);
      }
      long good = run.path("good").asLong(-1);
      long bad = run.path("bad").asLong(-1);
      boolean agree = marker && rows == ids && rows == good && errorRows == bad;
      System.out.printf(
          Locale.ROOT,
          "the job counted %,d good and %,d bad rows: %s%n",
          good,
          bad,
          agree ? "every id once, counts agree" : "DISAGREE");
      return agree ? 0 : ExitCode.CHECK_FAILED.code();
    } finally {
      session.stop();
    }
  }
}
