package dev.parity.harness;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, {@code |}-separated like the seed's. */
final class TextTable {
  private final List<List<String>> rows = new ArrayList<>();

  TextTable row(List<String> cells) {
    rows.add(List.copyOf(cells));
    return this;
  }

  String render(String indent) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> r : rows) {
      for (int c = 0; c < r.size(); c++) {
        widths[c] = Math.max(widths[c], r.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      List<String> r = rows.get(i);
      StringBuilder line = new StringBuilder(indent);
      for (int c = 0; c < r.size(); c++) {
        if (c > 0) {
          line.append(" | ");
        }
        line.append(r.get(c));
        if (c < r.size() - 1) {
          line.append(" ".repeat(widths[c] - r.get(c).length()));
        }
      }
      out.append(line).append('\n');
      if (i == 0) {
        StringBuilder rule = new StringBuilder(indent);
        for (int c = 0; c < columns; c++) {
          if (c > 0) {
            rule.append("-+-");
          }
          rule.append("-".repeat(widths[c]));
        }
        out.append(rule).append('\n');
      }
    }
    return out.toString();
  }
}
