package dev.parity.harness;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The rows of the seed's correctness table: item, how to read it off the statistics, meaning. */
enum StatisticRow {
  COUNT("Count", "Total number of data", s -> s.count()),
  MEAN("Mean", "Mean diff", DiffStatistics::mean),
  STD("Std", "Standard deviation (population, ddof=0)", DiffStatistics::std),
  P25("P25", "Ascending order top 25% of data", DiffStatistics::p25),
  P50("P50", "Ascending order top 50% of data", DiffStatistics::p50),
  P75("P75", "Ascending order top 75% of data", DiffStatistics::p75),
  P99("P99", "Ascending order top 99% of data", DiffStatistics::p99),
  MAX("Max", "Maximum difference on results", DiffStatistics::max);

  static final List<StatisticRow> ALL = List.of(values());

  final String item;
  final String explanation;
  final ToDoubleFunction<DiffStatistics> value;

  StatisticRow(String item, String explanation, ToDoubleFunction<DiffStatistics> value) {
    this.item = item;
    this.explanation = explanation;
    this.value = value;
  }

  /** Formats this row's figure as the seed's table does. */
  String format(DiffStatistics s) {
    return this == COUNT ? Long.toString(s.count()) : Numbers.scientific(value.applyAsDouble(s));
  }
}
