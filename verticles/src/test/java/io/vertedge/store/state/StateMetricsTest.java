package io.vertedge.store.state;

import io.vertedge.otel.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.vertedge.store.state.MapDbStateStoreTest.bytes;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class StateMetricsTest {

  @TempDir
  Path dataDir;

  @Test
  void commitsBatchSizesAndKeysPerMapShowOnTheMetricsPage() {
    // GIVEN two batches: three devices, then a twin and a device deleted
    try (Telemetry telemetry = Telemetry.create("vertedge-edge", "0.1.0", Map.of());
         StateStore store = MapDbStateStore.open(dataDir, metrics(telemetry))) {
      store.apply(new Batch().put("devices", "a", bytes("1")).put("devices", "b", bytes("1")).put("devices", "c", bytes("1")));
      store.apply(new Batch().put("twins", "a/temperature", bytes("20")).delete("devices", "c"));
      // WHEN the metrics are scraped
      String page = telemetry.scrape();
      // THEN they show two commits of five writes, and the keys left in each map
      assertLine(page, "vertedge_store_state_commit_duration_seconds_count 2");
      assertLine(page, "vertedge_store_state_batch_size_count 2");
      assertLine(page, "vertedge_store_state_batch_size_sum 5.0");
      assertLine(page, "vertedge_store_state_keys{map=\"devices\"} 2.0");
      assertLine(page, "vertedge_store_state_keys{map=\"twins\"} 1.0");
    }
    // AND after a restart the key counts start from what the store holds
    try (Telemetry telemetry = Telemetry.create("vertedge-edge", "0.1.0", Map.of());
         StateStore store = MapDbStateStore.open(dataDir, metrics(telemetry))) {
      assertLine(telemetry.scrape(), "vertedge_store_state_keys{map=\"devices\"} 2.0");
    }
  }

  private static StateMetrics metrics(Telemetry telemetry) {
    return new StateMetrics(telemetry.meter("io.vertedge.store.state"));
  }

  private static void assertLine(String page, String line) {
    assertTrue(page.lines().anyMatch(line::equals), () -> "no line " + line + " in\n" + page);
  }
}
