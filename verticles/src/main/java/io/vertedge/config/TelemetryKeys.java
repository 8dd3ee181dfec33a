package io.vertedge.config;

import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.otel.TraceSettings;
import io.vertedge.otel.otlp.OtlpEndpoint;

/** The {@code telemetry.*} keys both sides share: where spans go and how many. */
final class TelemetryKeys {

  static final ConfigKey TRACES_ENDPOINT = new ConfigKey("telemetry.traces.endpoint", KeyType.STRING, null, "URL",
      "OTLP endpoint for spans; unset = no spans (a received traceparent still travels on). A path means "
      + "OTLP/HTTP (http://collector:4318/v1/traces), none OTLP/gRPC (http://collector:4317); https = TLS.");
  static final ConfigKey TRACES_SAMPLE_RATIO = new ConfigKey("telemetry.traces.sampleRatio", KeyType.STRING, "1.0",
      "ratio", "Share of traces kept where they start (0.0 to 1.0); a trace continued from the peer follows its decision.");

  private TelemetryKeys() { }

  static TraceSettings traces(Settings s) {
    double ratio = sampleRatio(s);
    String url = s.string(TRACES_ENDPOINT);
    if (url == null || url.isBlank()) {
      return TraceSettings.OFF;
    }
    try {
      return new TraceSettings(OtlpEndpoint.parse(TRACES_ENDPOINT.name(), url), ratio);
    } catch (InvalidFieldException e) {
      throw ConfigException.forKey(TRACES_ENDPOINT.name(), e.problem());
    }
  }

  private static double sampleRatio(Settings s) {
    String raw = s.string(TRACES_SAMPLE_RATIO);
    double ratio;
    try {
      ratio = Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      ratio = Double.NaN;
    }
    if (!(ratio >= 0 && ratio <= 1)) {
      throw ConfigException.forKey(TRACES_SAMPLE_RATIO.name(), Units.quote(raw) + " is not a ratio (0.0 to 1.0)");
    }
    return ratio;
  }
}
