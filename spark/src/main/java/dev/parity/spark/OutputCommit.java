package dev.parity.spark;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a job's output folders come into being: a folder at the output (or error) path is always
 * complete. The job writes under a hidden staging folder beside each, {@code .NAME.incomplete}
 * (readers that list the parent skip names starting with a dot), and only when every write has
 * succeeded are they renamed into place, the errors first and the predictions last, each holding
 * Spark's {@code _SUCCESS} marker and the predictions {@value #RUN_FILE} with the counts. A job
 * that fails, or a driver that is killed, leaves at most the staging folders, never a half-written
 * folder at the path a reader looks at.
 *
 * <p>On a rerun, staging folders left by a run that stopped are replaced (with a warning). A folder
 * that exists at the output path is refused unless {@code --overwrite}; with it, the old folder
 * stays readable until the new one is complete, then is replaced.
 */
final class OutputCommit {
  /** The file in a committed predictions folder that records the run. */
  static final String RUN_FILE = "_parity-run.json";

  /** The suffix of a staging folder's name. */
  static final String STAGING_SUFFIX = ".incomplete";

  private static final Logger LOG = LoggerFactory.getLogger(OutputCommit.class);
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final FileSystem fs;
  private final boolean overwrite;
  private final Path output;
  private final Path errors;
  private final InferenceOptions options;

  private OutputCommit(FileSystem fs, InferenceOptions options, Path output, Path errors) {
    this.fs = fs;
    this.overwrite = options.overwrite();
    this.options = options;
    this.output = output;
    this.errors = errors;
  }

  /**
   * Prepares a run's output: refuses existing folders unless the options say overwrite, and removes
   * staging folders an earlier run left behind.
   *
   * @param hadoop the session's Hadoop configuration
   * @param options the job's options
   * @return the commit
   * @throws IllegalArgumentException if an output folder exists and overwrite is off
   * @throws UncheckedIOException if the file system cannot be asked
   */
  static OutputCommit prepare(Configuration hadoop, InferenceOptions options) {
    try {
      Path out = new Path(options.output());
      FileSystem fs = out.getFileSystem(hadoop);
      OutputCommit c =
          new OutputCommit(
              fs, options, fs.makeQualified(out), fs.makeQualified(new Path(options.errors())));
      for (Path target : List.of(c.output, c.errors)) {
        if (!c.overwrite) {
          c.refuseExisting(target);
        }
        Path staging = staging(target);
        if (fs.exists(staging)) {
          LOG.warn(
              "removing {}: the unfinished output of an earlier run that stopped before it"
                  + " committed",
              staging);
          fs.delete(staging, true);
        }
      }
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the output folders", e);
    }
  }

  /**
   * Returns where the job writes the predictions until they are committed.
   *
   * @return the staging folder
   */
  String stagingOutput() {
    return staging(output).toString();
  }

  /**
   * Returns where the job writes the bad rows until they are committed.
   *
   * @return the staging folder
   */
  String stagingErrors() {
    return staging(errors).toString();
  }

  /**
   * Commits: writes {@value #RUN_FILE} with the run's record into the staged predictions, then
   * renames the errors and the predictions into place.
   *
   * @param record what the run did (counts, input, engine)
   * @throws IllegalArgumentException if an output folder appeared meanwhile and overwrite is off
   * @throws UncheckedIOException if a rename fails
   */
  void commit(Map<String, Object> record) {
    try {
      try (OutputStream out = fs.create(new Path(staging(output), RUN_FILE), true)) {
        JSON.writeValue(out, record);
      }
      for (Path target : List.of(errors, output)) {
        if (fs.exists(target)) {
          if (!overwrite) {
            refuseExisting(target);
          }
          fs.delete(target, true);
        }
        Path parent = target.getParent();
        if (parent != null) {
          fs.mkdirs(parent);
        }
        if (!fs.rename(staging(target), target)) {
          throw new IOException("cannot rename " + staging(target) + " to " + target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the output", e);
    }
  }

  /** Removes the staging folders of a run that failed (best effort: the failure is reported). */
  void abandon() {
    for (Path target : List.of(output, errors)) {
      try {
        fs.delete(staging(target), true);
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot remove {}: {}", staging(target), e.toString());
      }
    }
  }

  private void refuseExisting(Path target) throws IOException {
    if (!fs.exists(target)) {
      return;
    }
    String what = target.equals(output) ? "output" : "errors";
    String named = target.equals(output) ? options.output() : options.errors();
    if (fs.exists(new Path(target, "_SUCCESS"))) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " folder "
              + named
              + " already exists: choose another or pass --overwrite to replace it");
    }
    throw new IllegalArgumentException(
        "the "
            + what
            + " folder "
            + named
            + " already exists and is incomplete (no _SUCCESS marker: written by a run that"
            + " stopped before committing, or by another tool); remove it or pass --overwrite to"
            + " replace it");
  }

  /**
   * Returns the staging folder of an output folder.
   *
   * @param target the output folder
   * @return {@code PARENT/.NAME.incomplete}
   */
  static Path staging(Path target) {
    return new Path(target.getParent(), "." + target.getName() + STAGING_SUFFIX);
  }
}
