package io.vertedge.runtime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading Prometheus text as a scraper does: sample names, and the samples of one family by labels. */
final class MetricsText {

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private MetricsText() { }

  /** Every sample name in the text (histograms' {@code _bucket}, {@code _count}, {@code _sum} included). */
  static Set<String> sampleNames(String text) {
    Set<String> names = new TreeSet<>();
    text.lines().filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .forEach(line -> names.add(line.substring(0, indexOfAny(line))));
    return names;
  }

  /** The sum of the samples whose name and labels match {@code series}, a regex (e.g. {@code name\\{[^}]*x="y"[^}]*\\}}). */
  static double sum(String text, String series) {
    Matcher matcher = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(1));
    }
    return sum;
  }

  /** The values of {@code name}'s samples whose labels include all of {@code labels}. */
  static List<Double> values(String text, String name, Map<String, String> labels) {
    return text.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> labelsOf(line).entrySet().containsAll(labels.entrySet()))
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .toList();
  }

  private static Map<String, String> labelsOf(String line) {
    int open = line.indexOf('{');
    if (open < 0) {
      return Map.of();
    }
    Map<String, String> labels = new java.util.HashMap<>();
    Matcher matcher = LABEL.matcher(line.substring(open, line.lastIndexOf('}') + 1));
    while (matcher.find()) {
      labels.put(matcher.group(1), matcher.group(2));
    }
    return labels;
  }

  private static int indexOfAny(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    return brace >= 0 && (space < 0 || brace < space) ? brace : space;
  }
}
