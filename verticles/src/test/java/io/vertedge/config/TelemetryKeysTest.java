package io.vertedge.config;

import io.vertedge.otel.TraceSettings;
import io.vertedge.otel.otlp.OtlpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code telemetry.traces.*} on both sides: off by default, the protocol read from the URL, bad values named. */
class TelemetryKeysTest {

  @TempDir
  Path tmp;

  private CloudConfig cloud(String... sets) {
    return ConfigLoader.loadCloud(ConfigSources.empty().withDataDir(tmp.resolve("cloud")).withSets(List.of(sets)));
  }

  private EdgeConfig edge(String... sets) {
    return ConfigLoader.loadEdge(ConfigSources.empty().withDataDir(tmp.resolve("edge"))
        .withFlag("nodeName", "edge-1").withFlag("cloud", "cloud.example.com").withSets(List.of(sets)));
  }

  @Test
  void tracesAreOffUnlessAnEndpointIsSet() {
    assertEquals(TraceSettings.OFF, cloud().traces());
    assertEquals(TraceSettings.OFF, edge().traces());
  }

  @Test
  void theEndpointsPathChoosesTheProtocol() {
    TraceSettings http = edge("telemetry.traces.endpoint=http://collector:4318/v1/traces", "telemetry.traces.sampleRatio=0.25").traces();
    assertEquals(new OtlpEndpoint("http://collector:4318/v1/traces", OtlpEndpoint.Protocol.HTTP_PROTOBUF, false), http.endpoint());
    assertEquals(0.25, http.sampleRatio());
    TraceSettings grpc = cloud("telemetry.traces.endpoint=https://collector:4317").traces();
    assertEquals(new OtlpEndpoint("https://collector:4317", OtlpEndpoint.Protocol.GRPC, true), grpc.endpoint());
    assertEquals(1.0, grpc.sampleRatio());
  }

  @Test
  void badValuesNameTheKey() {
    String scheme = assertThrows(ConfigException.class, () -> cloud("telemetry.traces.endpoint=collector:4317")).getMessage();
    assertTrue(scheme.startsWith("config: telemetry.traces.endpoint: ") && scheme.contains("http://"), scheme);
    String ratio = assertThrows(ConfigException.class, () -> edge("telemetry.traces.sampleRatio=2")).getMessage();
    assertEquals("config: telemetry.traces.sampleRatio: \"2\" is not a ratio (0.0 to 1.0)", ratio);
  }
}
