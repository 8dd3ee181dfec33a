package io.vertedge.mappers.push;

import io.vertedge.mappers.driver.InvalidFieldException;

import java.util.Map;

/**
 * Reads one {@code pushMethod.<name>} map, each wrong field an {@link InvalidFieldException}
 * naming it ({@code properties[temperature].pushMethod.mqtt.qos}). Numbers come as YAML and
 * JSON give them: any integral {@link Number}.
 */
public record PushConfig(String field, Map<String, Object> config) {

  /** A string that must be there and not be blank. */
  public String requiredString(String key) {
    Object value = config.get(key);
    if (!(value instanceof String text) || text.isBlank()) {
      throw invalid(key, value == null ? "is required" : "must be a non-empty string, not " + value);
    }
    return text;
  }

  public String string(String key, String absent) {
    Object value = config.get(key);
    if (value == null) {
      return absent;
    }
    if (!(value instanceof String text)) {
      throw invalid(key, "must be a string, not " + value);
    }
    return text;
  }

  /** An integer in {@code [min, max]}; {@code absent} when missing. */
  public long integer(String key, long absent, long min, long max) {
    Object value = config.get(key);
    if (value == null) {
      return absent;
    }
    if (!(value instanceof Number number) || number.doubleValue() != number.longValue()) {
      throw invalid(key, "must be an integer, not " + value);
    }
    long n = number.longValue();
    if (n < min || n > max) {
      throw invalid(key, "must be between " + min + " and " + max + ", not " + n);
    }
    return n;
  }

  public boolean bool(String key) {
    Object value = config.get(key);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean flag)) {
      throw invalid(key, "must be true or false, not " + value);
    }
    return flag;
  }

  /** The {@code payload} key: {@code kubeedge} (the default) or {@code json}. */
  public Payload payload() {
    String value = string(Payload.KEY, Payload.KUBEEDGE.key());
    for (Payload payload : Payload.values()) {
      if (payload.key().equals(value)) {
        return payload;
      }
    }
    throw invalid(Payload.KEY, "must be kubeedge or json, not " + value);
  }

  public InvalidFieldException invalid(String key, String problem) {
    return new InvalidFieldException(field + "." + key, problem);
  }
}
