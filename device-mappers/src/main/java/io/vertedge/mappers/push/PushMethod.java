package io.vertedge.mappers.push;

import io.vertx.core.Future;

import java.util.Map;

/**
 * One kind of push method, the key under a property's {@code pushMethod}: {@code http},
 * {@code mqtt}, {@code otel}. One instance serves every device of a mapper, so it may share what
 * is costly: one connection per MQTT broker, one OpenTelemetry pipeline per endpoint.
 *
 * <p>Called on the mapper's Vert.x context; nothing here may block it.
 */
public interface PushMethod {

  /** The key under {@code pushMethod}, e.g. {@code mqtt}. */
  String name();

  /**
   * Checks one property's {@code pushMethod.<name>} and returns where its readings go. Invalid
   * configuration throws an {@link io.vertedge.mappers.driver.InvalidFieldException} naming the
   * field under {@code field} (e.g. {@code properties[temperature].pushMethod.mqtt}).
   */
  PushTarget target(String field, Map<String, Object> config);

  /** Closes every connection it opened; the mapper is stopping. */
  Future<Void> close();
}
