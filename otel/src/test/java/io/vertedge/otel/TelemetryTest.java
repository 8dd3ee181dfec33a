package io.vertedge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelemetryTest {

  private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");
  private static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("channel");
  private static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("transport");

  // name{label="value",...} value — the sample line of the text format 0.0.4
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\"";
  private static final Pattern SAMPLE = Pattern.compile(
      "[a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{" + LABEL + "(?:," + LABEL + ")*\\})? "
          + "(?:[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|[-+]Inf)(?: -?[0-9]+)?");
  private static final Pattern COMMENT = Pattern.compile(
      "# (?:HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (?:counter|gauge|histogram|summary|untyped))");

  private Telemetry telemetry;

  @BeforeEach
  void createTelemetry() {
    telemetry = Telemetry.create("vertedge-test", "0.1.0", Map.of("vertedge.node.name", "edge-1"));
  }

  @AfterEach
  void closeTelemetry() {
    telemetry.close();
  }

  @Test
  void linkMetricsAppearUnderTheirApiNames() {
    // GIVEN the three link instruments registered as transports' LinkMetrics does
    Meter meter = telemetry.meter("io.vertedge.link");
    meter.counterBuilder("vertedge.link.messages").setUnit("{message}").build()
        .add(5, Attributes.of(DIRECTION, "in", CHANNEL, "twin"));
    meter.counterBuilder("vertedge.link.bytes").setUnit("By").build()
        .add(4096, Attributes.of(DIRECTION, "out"));
    meter.upDownCounterBuilder("vertedge.links.connected").setUnit("{link}").build()
        .add(2, Attributes.of(TRANSPORT, "quic"));

    // WHEN scraped
    List<String> lines = telemetry.scrape().lines().toList();

    // THEN the Prometheus names and labels are exactly API.md's
    assertTrue(lines.contains("vertedge_link_messages_total{channel=\"twin\",direction=\"in\"} 5.0"), dump(lines));
    assertTrue(lines.contains("# TYPE vertedge_link_messages_total counter"), dump(lines));
    assertTrue(lines.contains("vertedge_link_bytes_total{direction=\"out\"} 4096.0"), dump(lines));
    assertTrue(lines.contains("vertedge_links_connected{transport=\"quic\"} 2.0"), dump(lines));
    assertTrue(lines.contains("# TYPE vertedge_links_connected gauge"), dump(lines));
  }

  @Test
  void jvmMemoryGcThreadsAndCpuAreScraped() {
    String text = telemetry.scrape();

    assertTrue(text.contains("# TYPE jvm_memory_used_bytes gauge"), text);
    assertTrue(text.contains("jvm_memory_used_bytes{jvm_memory_pool_name="), text);
    assertTrue(text.contains("jvm_memory_type=\"heap\""), text);
    assertTrue(text.contains("jvm_memory_type=\"non_heap\""), text);
    assertTrue(text.contains("jvm_memory_committed_bytes{"), text);
    assertTrue(text.contains("# TYPE jvm_gc_collections_total counter"), text);
    assertTrue(text.contains("jvm_gc_collections_total{jvm_gc_name="), text);
    assertTrue(text.contains("jvm_gc_duration_seconds_total{jvm_gc_name="), text);
    assertTrue(Pattern.compile("(?m)^jvm_thread_count [0-9.]+$").matcher(text).find(), text);
    assertTrue(text.contains("process_cpu_time_seconds_total "), text);
  }

  @Test
  void scrapeIsPrometheusTextWithoutOtelNoise() {
    telemetry.meter("io.vertedge.test").counterBuilder("vertedge.test.events").build()
        .add(1, Attributes.of(AttributeKey.stringKey("quote"), "a \"b\" \\ c"));

    String text = telemetry.scrape();

    for (String line : text.lines().toList()) {
      if (!SAMPLE.matcher(line).matches() && !COMMENT.matcher(line).matches()) {
        fail("not Prometheus text: " + line);
      }
    }
    assertTrue(text.contains("vertedge_test_events_total{quote=\"a \\\"b\\\" \\\\ c\"} 1.0"), text);
    assertFalse(text.contains("target_info"), text);
    assertFalse(text.contains("otel_scope"), text);
  }

  @Test
  void contentTypeIsTextFormat004() {
    assertEquals("text/plain; version=0.0.4; charset=utf-8", Telemetry.CONTENT_TYPE);
  }

  @Test
  void resourceCarriesServiceAndExtraAttributes() {
    var sdk = (io.opentelemetry.sdk.OpenTelemetrySdk) telemetry.openTelemetry();
    var resource = sdk.getSdkTracerProvider().toString();

    assertTrue(resource.contains("service.name=\"vertedge-test\""), resource);
    assertTrue(resource.contains("service.version=\"0.1.0\""), resource);
    assertTrue(resource.contains("vertedge.node.name=\"edge-1\""), resource);
  }

  @Test
  void closeIsIdempotentAndEndsTheScrape() {
    telemetry.close();
    telemetry.close();

    assertEquals("", telemetry.scrape());
  }

  private static String dump(List<String> lines) {
    return String.join("\n", lines);
  }
}
