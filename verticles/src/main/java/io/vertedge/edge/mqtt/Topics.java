package io.vertedge.edge.mqtt;

import io.vertedge.mqtt.TopicFilter;

import java.nio.charset.StandardCharsets;

/** Checks of topic names and filters against MQTT and {@link BrokerLimits#maxTopicLength()}. */
final class Topics {

  /** MQTT 5 shared subscriptions, which the broker does not offer. */
  static final String SHARED_PREFIX = "$share/";

  private Topics() {
  }

  /** Why {@code topic} cannot be published to, or {@code null} when it can. */
  static String nameProblem(String topic, int maxLength) {
    if (topic == null || topic.isEmpty()) {
      return "an empty topic name";
    }
    if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      return "\"" + topic + "\": a topic name has no wildcards";
    }
    return commonProblem(topic, maxLength);
  }

  /** The parsed filter; {@link IllegalArgumentException} with the problem otherwise. */
  static TopicFilter filter(String text, int maxLength) {
    String problem = text == null ? "an empty topic filter" : commonProblem(text, maxLength);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (text.startsWith(SHARED_PREFIX)) {
      throw new IllegalArgumentException("\"" + text + "\": shared subscriptions are not supported");
    }
    return TopicFilter.exact(text);
  }

  private static String commonProblem(String topic, int maxLength) {
    if (topic.indexOf('\u0000') >= 0) {
      return "a topic with a NUL character";
    }
    int length = utf8Length(topic);
    if (length > maxLength) {
      return "a topic of " + length + " bytes, longer than " + maxLength;
    }
    return null;
  }

  static int utf8Length(String text) {
    int ascii = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return text.getBytes(StandardCharsets.UTF_8).length;
      }
      ascii++;
    }
    return ascii;
  }
}
