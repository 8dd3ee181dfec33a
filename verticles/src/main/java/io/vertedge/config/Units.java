package io.vertedge.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and printing of durations ({@code 500ms|15s|2m|24h|7d}) and sizes ({@code 64KiB|1MiB|1GiB|bytes}). */
public final class Units {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
  private static final long KIB = 1024;

  private Units() { }

  /** @throws IllegalArgumentException with the user-facing problem, e.g. {@code "fast" is not a duration (e.g. 15s, 500ms)} */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(quote(text) + " is not a duration (e.g. 15s, 500ms)");
    }
    try {
      long n = Long.parseLong(m.group(1));
      long millisPerUnit = switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000L;
        case "m" -> 60_000L;
        case "h" -> 3_600_000L;
        default -> 86_400_000L;
      };
      // counted in milliseconds because timers and QUIC are: a longer duration would fail later, with a stack trace
      return Duration.ofMillis(Math.multiplyExact(n, millisPerUnit));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(quote(text) + " is too long a duration");
    }
  }

  /** @throws IllegalArgumentException with the user-facing problem */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(quote(text) + " is not a size (e.g. 64KiB, 1MiB or a number of bytes)");
    }
    try {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "B" : m.group(2);
      long factor = switch (unit) {
        case "KiB" -> KIB;
        case "MiB" -> KIB * KIB;
        case "GiB" -> KIB * KIB * KIB;
        default -> 1;
      };
      return Math.multiplyExact(n, factor);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(quote(text) + " is too large a size");
    }
  }

  /** The shortest exact spelling: {@code 15s}, {@code 500ms}, {@code 24h}. */
  public static String formatDuration(Duration d) {
    long ms = d.toMillis();
    long[] factors = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < factors.length; i++) {
      if (ms != 0 && ms % factors[i] == 0) {
        return ms / factors[i] + units[i];
      }
    }
    return ms + "ms";
  }

  /** The shortest exact spelling: {@code 1MiB}, {@code 64KiB}, {@code 1000}. */
  public static String formatSize(long bytes) {
    String[] units = {"GiB", "MiB", "KiB"};
    long factor = KIB * KIB * KIB;
    for (String unit : units) {
      if (bytes != 0 && bytes % factor == 0) {
        return bytes / factor + unit;
      }
      factor /= KIB;
    }
    return Long.toString(bytes);
  }

  /** A value as printed in messages: in double quotes, with quotes, backslashes and controls escaped. */
  public static String quote(String value) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
