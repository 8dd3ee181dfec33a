package io.vertedge.mappers.push;

import io.vertedge.mappers.driver.PropertyType;

import java.time.Instant;

/** Readings for push tests. */
public final class PushReadings {

  /** 2026-03-04T05:06:07.890Z: every field of the KubeEdge time differs. */
  public static final Instant TIME = Instant.parse("2026-03-04T05:06:07.890Z");

  private PushReadings() {
  }

  public static Reading temperature(String value) {
    return new Reading("default", "thermo-1", "edge-1", "thermometer", "temperature", PropertyType.FLOAT, "Cel", value, TIME);
  }
}
