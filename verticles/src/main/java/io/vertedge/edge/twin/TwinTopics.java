package io.vertedge.edge.twin;

import java.util.List;
import java.util.Optional;

/**
 * KubeEdge's DeviceTwin topics (KUBEEDGE-COMPAT §5.1, §5.2): what the twin subscribes to, which
 * device and action an incoming topic names, and where the answers go. A device's id in topics
 * is {@code <namespace>/<name>}.
 */
final class TwinTopics {

  static final String DEVICE_PREFIX = "$hw/events/device/";
  static final String NODE_PREFIX = "$hw/events/node/";
  static final String TWIN = DEVICE_PREFIX + "+/+/twin/+";
  static final String STATE = DEVICE_PREFIX + "+/+/state/update";
  static final String MEMBERSHIP_GET = NODE_PREFIX + "+/membership/get";
  static final List<String> SUBSCRIBED = List.of(TWIN, STATE, MEMBERSHIP_GET);

  /** What a device published: on {@code $hw/events/device/<ns>/<name>/<kind>/<action>}. */
  record DeviceTopic(String namespace, String name, String kind, String action) {

    String id() {
      return namespace + "/" + name;
    }

    /** Where the answer to this message goes: {@code .../<kind>/<action>/result}. */
    String result() {
      return base() + kind + "/" + action + "/result";
    }

    String twinUpdate(String what) {
      return base() + "twin/update/" + what;
    }

    private String base() {
      return DEVICE_PREFIX + id() + "/";
    }
  }

  private TwinTopics() { }

  /** The device topic, when {@code topic} has the shape of one. */
  static Optional<DeviceTopic> device(String topic) {
    if (!topic.startsWith(DEVICE_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = topic.substring(DEVICE_PREFIX.length()).split("/", -1);
    if (parts.length != 4 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DeviceTopic(parts[0], parts[1], parts[2], parts[3]));
  }

  /** The node named by {@code $hw/events/node/<node>/membership/get}. */
  static String node(String membershipTopic) {
    String rest = membershipTopic.substring(NODE_PREFIX.length());
    return rest.substring(0, rest.indexOf('/'));
  }

  static String delta(String deviceId) {
    return DEVICE_PREFIX + deviceId + "/twin/update/delta";
  }

  static String membershipUpdated(String node) {
    return NODE_PREFIX + node + "/membership/updated";
  }

  static String membershipResult(String node) {
    return NODE_PREFIX + node + "/membership/get/result";
  }
}
