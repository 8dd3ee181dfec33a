package io.vertedge.mqtt;

import java.util.ArrayList;
import java.util.List;

/**
 * An MQTT topic filter ({@code +} one level, {@code #} the rest, MQTT 3.1.1 §4.7): a wildcard
 * in the first level does not match topics that start with {@code $}, so {@code #} does not
 * catch {@code $hw/events/...}; name the {@code $hw} level to match those.
 */
public final class TopicFilter {

  private final String filter;
  private final String[] levels;

  private TopicFilter(String filter) {
    this.filter = filter;
    this.levels = filter.split("/", -1);
  }

  /**
   * A filter from configuration: surrounding blanks are ignored.
   *
   * @throws IllegalArgumentException with the problem, e.g. {@code "a/#/b": # must be the last level}
   */
  public static TopicFilter parse(String text) {
    return exact(text.strip());
  }

  /**
   * A filter exactly as a client sent it: blanks are part of a topic level in MQTT.
   *
   * @throws IllegalArgumentException with the problem, as {@link #parse}
   */
  public static TopicFilter exact(String filter) {
    if (filter.isEmpty()) {
      throw new IllegalArgumentException("an empty topic filter");
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
        throw new IllegalArgumentException("\"" + filter + "\": # must be a whole level and the last one");
      }
      if (level.contains("+") && !level.equals("+")) {
        throw new IllegalArgumentException("\"" + filter + "\": + must be a whole level");
      }
    }
    return new TopicFilter(filter);
  }

  /** Comma-separated filters; blank text gives none. */
  public static List<TopicFilter> parseList(String text) {
    List<TopicFilter> filters = new ArrayList<>();
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        filters.add(parse(part));
      }
    }
    return List.copyOf(filters);
  }

  public boolean matches(String topic) {
    String[] names = topic.split("/", -1);
    if (topic.startsWith("$") && (levels[0].equals("+") || levels[0].equals("#"))) {
      return false;
    }
    for (int i = 0; i < levels.length; i++) {
      if (levels[i].equals("#")) {
        return true;
      }
      if (i >= names.length || !(levels[i].equals("+") || levels[i].equals(names[i]))) {
        return false;
      }
    }
    return levels.length == names.length;
  }

  /** The levels between the slashes, wildcards included ({@code "a/+/#"} gives a, +, #). */
  public List<String> levels() {
    return List.of(levels);
  }

  public static boolean anyMatches(List<TopicFilter> filters, String topic) {
    for (TopicFilter filter : filters) {
      if (filter.matches(topic)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return filter;
  }
}
