package io.vertedge.load.delivery;

import java.util.HashMap;
import java.util.Map;

/** Values of a Prometheus text scrape ({@code Telemetry.scrape()}), by series. */
final class PromText {

  private final Map<String, Double> series = new HashMap<>();

  private PromText(String text) {
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      try {
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      } catch (RuntimeException notASample) {
        // a timestamped or odd line: not one we read
      }
    }
  }

  static PromText parse(String text) {
    return new PromText(text);
  }

  /**
   * The sum of every series named {@code name} that has each of {@code labels}
   * ({@code "direction", "out", ...}); 0 when none.
   */
  double sum(String name, String... labels) {
    double total = 0;
    for (Map.Entry<String, Double> entry : series.entrySet()) {
      String key = entry.getKey();
      int brace = key.indexOf('{');
      String seriesName = brace < 0 ? key : key.substring(0, brace);
      if (!seriesName.equals(name)) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i + 1 < labels.length && all; i += 2) {
        all = key.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
      }
      if (all) {
        total += entry.getValue();
      }
    }
    return total;
  }
}
