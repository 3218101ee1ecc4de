package dev.parity.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * The words every rendering of a {@link BenchSummary} uses for the same thing: a setting, a
 * verdict, a target's goal and what its figure says, the recommendation's advice. One place, so
 * that the Markdown summary and the JSON say the same.
 */
final class SummaryWords {

  private SummaryWords() {}

  /**
   * A setting in a few words.
   *
   * @param s the setting
   * @return e.g. {@code batch 1024, 2 callers × inter 1 / intra 1, cpu}, with the input path after
   *     the threads when it is not {@code records}: {@code ..., intra 1, pipelined, cpu}
   */
  static String setting(BenchSummary.Setting s) {
    InputPath path = InputPath.of(s.path());
    return String.format(
        Locale.ROOT,
        "batch %d, %d caller%s × inter %d / intra %d, %s%s",
        s.batch(),
        s.callerThreads(),
        s.callerThreads() == 1 ? "" : "s",
        s.interOp(),
        s.intraOp(),
        path == InputPath.RECORDS ? "" : path.key() + ", ",
        s.device());
  }

  /**
   * A verdict as the JSON writes it.
   *
   * @param v the verdict
   * @return {@code met}, {@code missed} or {@code not measured}
   */
  static String verdict(BenchSummary.Verdict v) {
    return switch (v) {
      case MET -> "met";
      case MISSED -> "missed";
      case NOT_MEASURED -> "not measured";
    };
  }

  /**
   * A target in words.
   *
   * @param t the target
   * @return e.g. {@code translation <= 20% of full-path time (best engine's best setting)}
   */
  static String goal(BenchTarget t) {
    String bound = t.direction().symbol() + " " + value(t.figure(), t.threshold());
    String goal =
        switch (t.figure()) {
          case PYTHON_RATIO ->
              "full path, best engine " + bound + " the Python baseline at the same cores";
          case ENGINE_ONLY_ROOFLINE_FRACTION ->
              "engine only, best engine " + bound + " of the roofline";
          case TRANSLATION_SHARE ->
              "translation " + bound + " of the full path's core time (best engine's best setting)";
          case FULL_PATH_RECORDS_PER_SECOND -> "full path, best engine " + bound;
          case FULL_PATH_ROOFLINE_FRACTION ->
              "full path, best engine " + bound + " of the roofline at its cores";
          case FULL_PATH_OVER_ENGINE_ONLY ->
              "full path, best engine "
                  + bound
                  + " of its engine-only rate at the same batch and cores";
          case TRANSLATION_MICROS_PER_RECORD ->
              "translation " + bound + " (best engine's best setting, one thread)";
          case SLOWEST_ENGINE_PYTHON_RATIO ->
              "full path, every engine's best "
                  + bound
                  + " the Python baseline (pre-processing and model) at the same cores";
          case SLOWEST_ENGINE_PYTHON_MODEL_RATIO ->
              "full path, every engine's best "
                  + bound
                  + " Python's model alone (pre-encoded tensors) at the same cores";
        };
    return t.presets().isEmpty()
        ? goal
        : goal + ", on the " + String.join(" and ", t.presets()) + " preset";
  }

  /**
   * A figure's value in its unit.
   *
   * @param figure the figure
   * @param value the value
   * @return e.g. {@code 2x}, {@code 20%}, {@code 400,000 records/s}
   */
  static String value(Figure figure, double value) {
    return switch (figure.unit()) {
      case RATIO -> number(value) + "x";
      case FRACTION -> number(100 * value) + "%";
      case RECORDS_PER_SECOND -> String.format(Locale.ROOT, "%,.0f records/s", value);
      case MICROSECONDS_PER_RECORD -> number(value) + " µs/record";
    };
  }

  // Up to two decimals, without trailing zeros.
  private static String number(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  /**
   * What a target's figure says: by how much it was met or missed and where the time goes.
   *
   * @param t the judged target
   * @param s the summary it belongs to
   * @return one sentence, or the reason it was not measured
   */
  static String detail(BenchSummary.Target t, BenchSummary s) {
    Figure.Measured m = t.measured();
    if (m.value() == null) {
      return t.reason();
    }
    Optional<BenchSummary.EngineResult> e = s.engine(m.engine());
    if (e.isEmpty()) {
      return String.format(
          Locale.ROOT, "%s: %s", m.engine(), value(t.target().figure(), m.value()));
    }
    String d =
        switch (t.target().figure()) {
          case PYTHON_RATIO -> pythonRatio(t, e.get(), s.python());
          case ENGINE_ONLY_ROOFLINE_FRACTION -> roofline(t, e.get());
          case TRANSLATION_SHARE -> translation(t, e.get(), s.cores());
          case FULL_PATH_RECORDS_PER_SECOND -> fullPath(t, e.get());
          case FULL_PATH_ROOFLINE_FRACTION -> fullPathRoofline(t, e.get());
          case FULL_PATH_OVER_ENGINE_ONLY -> overEngineOnly(t, e.get());
          case TRANSLATION_MICROS_PER_RECORD -> translationTime(t, e.get());
          case SLOWEST_ENGINE_PYTHON_RATIO -> slowest(t, e.get(), s, "the Python baseline");
          case SLOWEST_ENGINE_PYTHON_MODEL_RATIO -> slowest(t, e.get(), s, "Python's model alone");
        };
    return t.reason() == null ? d : d + "; " + t.reason();
  }

  private static String pythonRatio(
      BenchSummary.Target t, BenchSummary.EngineResult best, PythonBaseline python) {
    double r = t.measured().value();
    String where =
        python
            .best("model", best.fullPath().threads())
            .map(
                m ->
                    String.format(
                        Locale.ROOT,
                        "; Python's model alone runs %.0f records/s at %d thread%s, so its"
                            + " pre-processing takes %.0f%% of its full path",
                        m.recordsPerSecond(),
                        m.threads(),
                        m.threads() == 1 ? "" : "s",
                        100 * (1 - best.pythonRecordsPerSecond() / m.recordsPerSecond())))
            .orElse("");
    String ratio =
        t.verdict() == BenchSummary.Verdict.MISSED
            ? String.format(
                Locale.ROOT,
                "%s %s by %.2fx",
                shortOrOver(t),
                value(Figure.PYTHON_RATIO, t.target().threshold()),
                Math.abs(t.target().threshold() - r))
            : String.format(Locale.ROOT, "%.2fx", r);
    return String.format(
            Locale.ROOT,
            "%s %.0f records/s vs Python %.0f records/s (%s)",
            best.engine(),
            best.fullPathRecordsPerSecond(),
            best.pythonRecordsPerSecond(),
            ratio)
        + where;
  }

  private static String roofline(BenchSummary.Target t, BenchSummary.EngineResult e) {
    double f = t.measured().value();
    String d =
        String.format(
            Locale.ROOT,
            "%s engine-only %.0f records/s = %.1f%% of the roofline (%s)",
            e.engine(),
            e.engineOnlyRecordsPerSecond(),
            100 * f,
            setting(e.engineOnly()));
    if (t.verdict() == BenchSummary.Verdict.MISSED
        && t.target().direction() == BenchTarget.Direction.AT_LEAST) {
      d +=
          String.format(
              Locale.ROOT,
              "; short by %.1f points: the engine spends the rest in the masked mean"
                  + " (batch × bag × dim floats materialised) and per-op overhead, not in"
                  + " the GEMMs the roof assumes",
              100 * (t.target().threshold() - f));
    }
    return d;
  }

  /** The translation share in words: what was measured, where the time goes, and by how much. */
  private static String translation(
      BenchSummary.Target t, BenchSummary.EngineResult best, int machineCores) {
    double share = t.measured().value();
    double limit = t.target().threshold();
    StringBuilder d =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "translation %.1f%% of %s's full-path core time at %s",
                100 * share,
                best.engine(),
                setting(best.fullPath())));
    BenchSummary.Translation tr = best.translation();
    if (tr == null) {
      return d.toString();
    }
    int cores = Math.max(1, Math.min(best.fullPath().threads(), machineCores));
    double wall = 1e6 / best.fullPathRecordsPerSecond();
    double coreMicros = cores * wall;
    d.append(
        String.format(
            Locale.ROOT,
            "; per record the full path takes %.2f µs of core time (%d core%s × %.2f µs),"
                + " translation %.2f µs on one thread (%s, %s tensors, batch %d",
            coreMicros,
            cores,
            cores == 1 ? "" : "s",
            wall,
            tr.microsPerRecord(),
            tr.path(),
            tr.engine(),
            tr.batch()));
    if (tr.encodeMicrosPerRecord() != null && tr.tensorMicrosPerRecord() != null) {
      d.append(
          String.format(
              Locale.ROOT,
              ": encoding records into ids (normalise, look up, pad) %.2f µs, bound check and"
                  + " tensors %.2f µs",
              tr.encodeMicrosPerRecord(),
              tr.tensorMicrosPerRecord()));
    }
    d.append(')');
    if (t.verdict() == BenchSummary.Verdict.MISSED
        && t.target().direction() == BenchTarget.Direction.AT_MOST
        && limit > 0
        && limit < 1) {
      double allowed = coreMicros * limit;
      d.append(
          String.format(
              Locale.ROOT,
              "; over by %.1f points: at this full-path rate translation would have to take at most"
                  + " %.2f µs/record (%.1fx less) to be %s",
              100 * (share - limit),
              allowed,
              tr.microsPerRecord() / allowed,
              value(Figure.TRANSLATION_SHARE, limit)));
    }
    return d.toString();
  }

  private static String fullPath(BenchSummary.Target t, BenchSummary.EngineResult best) {
    String d =
        String.format(
            Locale.ROOT,
            "%s full path %s at %s",
            best.engine(),
            value(Figure.FULL_PATH_RECORDS_PER_SECOND, best.fullPathRecordsPerSecond()),
            setting(best.fullPath()));
    if (t.verdict() == BenchSummary.Verdict.MISSED) {
      d +=
          String.format(
              Locale.ROOT,
              "; %s %s by %,.0f records/s",
              shortOrOver(t),
              value(Figure.FULL_PATH_RECORDS_PER_SECOND, t.target().threshold()),
              Math.abs(t.target().threshold() - t.measured().value()));
    }
    return d;
  }

  private static String fullPathRoofline(BenchSummary.Target t, BenchSummary.EngineResult e) {
    String d =
        String.format(
            Locale.ROOT,
            "%s full path %.0f records/s = %.1f%% of the roofline at %s",
            e.engine(),
            e.fullPathRecordsPerSecond(),
            100 * t.measured().value(),
            setting(e.fullPath()));
    if (e.engineOnlyRooflineFraction() != null) {
      d +=
          String.format(
              Locale.ROOT,
              "; the engine alone reaches %.1f%% (%s)",
              100 * e.engineOnlyRooflineFraction(),
              setting(e.engineOnly()));
    }
    return d;
  }

  private static String overEngineOnly(BenchSummary.Target t, BenchSummary.EngineResult e) {
    String d =
        String.format(
            Locale.ROOT,
            "%s full path %.0f records/s (%s) vs engine only %.0f records/s (%s) = %.1f%%",
            e.engine(),
            e.fullPathRecordsPerSecond(),
            setting(e.fullPath()),
            e.engineOnlyAtFullPathRecordsPerSecond(),
            setting(e.engineOnlyAtFullPath()),
            100 * t.measured().value());
    BenchSummary.Translation tr = e.translation();
    if (t.verdict() == BenchSummary.Verdict.MISSED && tr != null) {
      d +=
          String.format(
              Locale.ROOT,
              "; short by %.1f points: translation takes %.2f µs per record on one thread"
                  + " (%.1f%% of the full path's core time) and the cores do not hide it"
                  + " behind the engine",
              100 * (t.target().threshold() - t.measured().value()),
              tr.microsPerRecord(),
              e.translationShare() == null ? Double.NaN : 100 * e.translationShare());
    }
    return d;
  }

  private static String translationTime(BenchSummary.Target t, BenchSummary.EngineResult e) {
    BenchSummary.Translation tr = e.translation();
    String d =
        String.format(
            Locale.ROOT,
            "%s translation %.2f µs per record (%s, batch %d",
            e.engine(),
            t.measured().value(),
            tr.path(),
            tr.batch());
    if (tr.encodeMicrosPerRecord() != null && tr.tensorMicrosPerRecord() != null) {
      d +=
          String.format(
              Locale.ROOT,
              ": encoding %.2f µs, bound check and tensors %.2f µs",
              tr.encodeMicrosPerRecord(),
              tr.tensorMicrosPerRecord());
    }
    return d + ")";
  }

  private static String slowest(
      BenchSummary.Target t, BenchSummary.EngineResult e, BenchSummary s, String baseline) {
    double python =
        t.target().figure() == Figure.SLOWEST_ENGINE_PYTHON_RATIO
            ? e.pythonRecordsPerSecond()
            : e.pythonModelRecordsPerSecond();
    String d =
        String.format(
            Locale.ROOT,
            "slowest of %d engines: %s %.0f records/s (%s) vs %s %.0f records/s = %.2fx",
            s.engines().size(),
            e.engine(),
            e.fullPathRecordsPerSecond(),
            setting(e.fullPath()),
            baseline,
            python,
            t.measured().value());
    if (t.verdict() == BenchSummary.Verdict.MISSED) {
      d +=
          String.format(
              Locale.ROOT,
              "; %s %s by %.2fx",
              shortOrOver(t),
              value(t.target().figure(), t.target().threshold()),
              Math.abs(t.target().threshold() - t.measured().value()));
    }
    return d;
  }

  private static String shortOrOver(BenchSummary.Target t) {
    return t.target().direction() == BenchTarget.Direction.AT_LEAST ? "short of" : "over";
  }

  /**
   * How to use the recommended setting.
   *
   * @param r the recommendation
   * @return the advice
   */
  static String advice(BenchSummary.Recommendation r) {
    BenchSummary.Setting m = r.setting();
    if (r.scaledCallers() == null) {
      return "the fastest measured setting that fits " + r.cores() + " cores; use it as it is";
    }
    return String.format(
        Locale.ROOT,
        "measured on %d thread%s; on %d cores run %d callers (each its own predictor from"
            + " the pool) with inter %d / intra %d, batch %d, and measure again",
        m.threads(),
        m.threads() == 1 ? "" : "s",
        r.cores(),
        r.scaledCallers(),
        m.interOp(),
        m.intraOp(),
        m.batch());
  }
}
