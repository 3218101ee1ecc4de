package dev.parity.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of text cells, printed either with aligned columns (console) or as a Markdown table.
 *
 * @param header the column names
 * @param rows the cells, each row as long as the header
 */
record TextTable(List<String> header, List<List<String>> rows) {

  TextTable {
    header = List.copyOf(header);
    List<List<String>> copy = new ArrayList<>();
    for (List<String> r : rows) {
      if (r.size() != header.size()) {
        throw new IllegalArgumentException(
            "row " + r + " has " + r.size() + " cells for " + header.size() + " columns");
      }
      copy.add(List.copyOf(r));
    }
    rows = List.copyOf(copy);
  }

  /**
   * Columns padded to their widest cell, separated by {@code " | "}, with a rule under the header.
   *
   * @param indent put before every line
   * @return lines ending in a newline
   */
  String aligned(String indent) {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    StringBuilder b = new StringBuilder();
    line(b, indent, header, width);
    b.append(indent);
    for (int c = 0; c < width.length; c++) {
      b.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    b.append('\n');
    for (List<String> r : rows) {
      line(b, indent, r, width);
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String indent, List<String> cells, int[] width) {
    StringBuilder l = new StringBuilder(indent);
    for (int c = 0; c < width.length; c++) {
      l.append(c == 0 ? "" : " | ").append(pad(cells.get(c), width[c]));
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  /**
   * A GitHub-flavoured Markdown table.
   *
   * @return lines ending in a newline
   */
  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| ").append(String.join(" | ", header)).append(" |\n|");
    b.append("---|".repeat(header.size())).append('\n');
    for (List<String> r : rows) {
      b.append("| ").append(String.join(" | ", r).replace("\n", " ")).append(" |\n");
    }
    return b.toString();
  }
}
