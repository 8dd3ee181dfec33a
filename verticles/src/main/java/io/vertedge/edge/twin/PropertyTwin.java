package io.vertedge.edge.twin;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * One property's twin on this edge, KubeEdge's {@code MsgTwin} (KUBEEDGE-COMPAT §5.3): the
 * expected value (the cloud's desired one, or one a device set), the actual value a device
 * reported, the type, and the versions: {@code expected_version.cloud} is the registry version
 * that set the desired value, the {@code edge} versions count the local updates.
 *
 * @param expected {@code null} when there is none
 * @param actual   {@code null} when no device reported one
 */
record PropertyTwin(Value expected, Value actual, String type, Versions expectedVersion, Versions actualVersion) {

  /** A value with the time (ms) it was set on this edge. */
  record Value(String value, long timestamp) {

    Value {
      Objects.requireNonNull(value, "value");
    }

    JsonObject toJson() {
      return new JsonObject().put("value", value).put("metadata", new JsonObject().put("timestamp", timestamp));
    }

    static Value fromJson(JsonObject json) {
      return json == null ? null : new Value(json.getString("value", ""),
          json.getJsonObject("metadata", new JsonObject()).getLong("timestamp", 0L));
    }
  }

  record Versions(long cloud, long edge) {

    static final Versions NONE = new Versions(0, 0);

    JsonObject toJson() {
      return new JsonObject().put("cloud", cloud).put("edge", edge);
    }

    static Versions fromJson(JsonObject json) {
      return json == null ? NONE : new Versions(json.getLong("cloud", 0L), json.getLong("edge", 0L));
    }
  }

  static PropertyTwin empty(String type) {
    return new PropertyTwin(null, null, type, Versions.NONE, Versions.NONE);
  }

  PropertyTwin withType(String newType) {
    return new PropertyTwin(expected, actual, newType, expectedVersion, actualVersion);
  }

  /** A device reported a value: the actual edge version counts up. */
  PropertyTwin reported(Value value) {
    return new PropertyTwin(expected, value, type, expectedVersion,
        new Versions(actualVersion.cloud(), actualVersion.edge() + 1));
  }

  /** A device set an expected value here: the expected edge version counts up. */
  PropertyTwin expectedOnEdge(Value value) {
    return new PropertyTwin(value, actual, type, new Versions(expectedVersion.cloud(), expectedVersion.edge() + 1),
        actualVersion);
  }

  /** The cloud's desired value, set at registry version {@code cloudVersion}; {@code null} clears it. */
  PropertyTwin desiredByCloud(Value value, long cloudVersion) {
    return new PropertyTwin(value, actual, type, new Versions(cloudVersion, expectedVersion.edge()), actualVersion);
  }

  /** Whether there is an expected value the actual one does not match: what a delta announces. */
  boolean differs() {
    return expected != null && (actual == null || !expected.value().equals(actual.value()));
  }

  boolean isEmpty() {
    return expected == null && actual == null;
  }

  /** The {@code MsgTwin} JSON; versions only where KubeEdge keeps them (not in results, deltas, reports). */
  JsonObject toJson(boolean withVersions) {
    JsonObject json = new JsonObject();
    if (expected != null) {
      json.put("expected", expected.toJson());
    }
    if (actual != null) {
      json.put("actual", actual.toJson());
    }
    json.put("metadata", new JsonObject().put("type", type));
    if (withVersions) {
      json.put("expected_version", expectedVersion.toJson()).put("actual_version", actualVersion.toJson());
    }
    return json;
  }

  static PropertyTwin fromJson(JsonObject json) {
    return new PropertyTwin(Value.fromJson(json.getJsonObject("expected")), Value.fromJson(json.getJsonObject("actual")),
        json.getJsonObject("metadata", new JsonObject()).getString("type", "string"),
        Versions.fromJson(json.getJsonObject("expected_version")), Versions.fromJson(json.getJsonObject("actual_version")));
  }
}
