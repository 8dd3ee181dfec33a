package io.vertedge.config;

import java.util.Locale;

/** Whether the edge runs its own MQTT broker ({@code internal}) or uses one ({@code external}). */
public enum MqttMode {
  INTERNAL, EXTERNAL;

  /** The spelling used in YAML, the environment and on the command line. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
