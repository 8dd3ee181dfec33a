package io.vertedge.cli.ctl;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A table as kubectl prints one: upper-case headers, columns three spaces apart, {@code <none>} for nothing. */
final class Table {

  static final String NONE = "<none>";
  private static final String GAP = "   ";

  private final List<String[]> rows = new ArrayList<>();

  Table(List<String> headers) {
    rows.add(headers.toArray(String[]::new));
  }

  Table row(List<String> cells) {
    rows.add(cells.stream().map(c -> c == null || c.isEmpty() ? NONE : c).toArray(String[]::new));
    return this;
  }

  boolean isEmpty() {
    return rows.size() == 1;
  }

  void print(PrintWriter out) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length())).append(GAP);
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** Columns with the extra ones of {@code -o wide} when asked. */
  static List<String> columns(boolean wide, List<String> always, String... wideOnly) {
    List<String> all = new ArrayList<>(always);
    if (wide) {
      all.addAll(Arrays.asList(wideOnly));
    }
    return all;
  }

  /** How long ago an RFC 3339 time was, as kubectl writes ages ({@code 45s}, {@code 3m20s}, {@code 5h}, {@code 12d}). */
  static String age(String timestamp, Instant now) {
    if (timestamp == null || timestamp.isEmpty()) {
      return NONE;
    }
    try {
      return human(Duration.between(Instant.parse(timestamp), now));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  // kubectl's duration.HumanDuration
  static String human(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    long years = hours / 24 / 365;
    if (years < 8) {
      long days = hours / 24 % 365;
      return days == 0 ? years + "y" : years + "y" + days + "d";
    }
    return years + "y";
  }
}
