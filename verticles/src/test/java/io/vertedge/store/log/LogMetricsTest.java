package io.vertedge.store.log;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertedge.otel.Telemetry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The log's metrics as Prometheus scrapes them from /metrics. */
@Timeout(30)
class LogMetricsTest {

  @TempDir
  Path dir;

  @Test
  void appendsShowUpUnderThePrometheusNamesOfTheApi() throws IOException {
    try (Telemetry telemetry = Telemetry.create("vertedge-edge", "test", Map.of());
         SegmentLog log = SegmentLog.open(dir, LogOptions.defaults(),
             new LogMetrics(telemetry.meter("io.vertedge.store.log"), "upstream"))) {
      for (int i = 0; i < 10; i++) {
        log.append(new byte[256]).join();
      }
      String scrape = telemetry.scrape();

      assertLine(scrape, "vertedge_store_log_records_total{log=\"upstream\"} 10.0");
      assertLine(scrape, "vertedge_store_log_bytes_total{log=\"upstream\"} " + 10 * (24 + 256) + ".0");
      assertLine(scrape, "vertedge_store_log_size_bytes{log=\"upstream\"} " + (20 + 10 * (24 + 256)) + ".0");
      assertLine(scrape, "vertedge_store_log_segments{log=\"upstream\"} 1.0");
      assertLine(scrape, "vertedge_store_log_fsync_duration_seconds_count{log=\"upstream\"} 10");
      assertLine(scrape, "vertedge_store_log_fsync_duration_seconds_bucket{log=\"upstream\",le=\"+Inf\"} 10");
      // one append at a time: every batch held one record
      assertLine(scrape, "vertedge_store_log_batch_size_bucket{log=\"upstream\",le=\"1.0\"} 10");
      assertTrue(scrape.contains("vertedge_store_log_fsync_duration_seconds_bucket{log=\"upstream\",le=\"5.0E-5\"}"),
          "buckets from 0.05 ms");
    }
  }

  private static void assertLine(String scrape, String line) {
    assertTrue(scrape.lines().anyMatch(line::equals), line + " in\n" + scrape);
  }
}
