package io.vertedge.mappers.push;

import io.vertx.core.json.JsonObject;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The body of a push, chosen by the Vertedge key {@code payload} beside a method's KubeEdge
 * fields: {@code kubeedge} (the default) sends what KubeEdge's mapper template sends
 * (KUBEEDGE-COMPAT §7.2), {@code json} one JSON object per reading.
 */
public enum Payload {
  KUBEEDGE("kubeedge"),
  JSON("json");

  /** The key beside {@code hostName}/{@code address} that chooses the payload. */
  public static final String KEY = "payload";

  /** Go's {@code 2006-01-02 15:04:05}: the reading's time in the local zone, to the second. */
  private static final DateTimeFormatter KUBEEDGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final String key;

  Payload(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** KubeEdge's time text for a reading, in this JVM's zone as KubeEdge's Go {@code time.Unix(...).Format}. */
  public static String kubeEdgeTime(Reading reading) {
    return KUBEEDGE_TIME.format(reading.time().atZone(ZoneId.systemDefault()));
  }

  /**
   * {@code {"device","namespace","property","value","type","timestamp"}} and {@code "unit"} when
   * the model gives one: the value as the twin carries it (a string), the model's type in lower
   * case, the time in epoch milliseconds.
   */
  public static String json(Reading reading) {
    JsonObject json = new JsonObject().put("device", reading.device()).put("namespace", reading.namespace())
        .put("property", reading.property()).put("value", reading.value())
        .put("type", reading.type().name().toLowerCase(Locale.ROOT))
        .put("timestamp", reading.time().toEpochMilli());
    if (reading.unit() != null) {
      json.put("unit", reading.unit());
    }
    return json.encode();
  }
}
