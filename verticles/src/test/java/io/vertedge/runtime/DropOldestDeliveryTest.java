package io.vertedge.runtime;

import com.google.protobuf.ByteString;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Time series that opted into {@code dropOldest} while the cloud is away: the edge keeps the
 * newest readings within their bound and counts what it dropped; every other event arrives.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DropOldestDeliveryTest {

  private static final List<String> SETS = List.of("store.outbox.dropOldest=sensors/#",
      "store.outbox.dropOldestMaxBytes=1MiB");
  private static final int READINGS = 3_000;
  private static final int ALARMS = 300;

  @TempDir Path dir;
  private HubFixture hub;
  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

  @BeforeEach
  void startCloud() {
    hub = new HubFixture(dir);
    hub.cloud.onUpstream((node, event) -> received.computeIfAbsent(event.getId(), id -> new AtomicInteger())
        .incrementAndGet());
  }

  @AfterEach
  void stopCloud() {
    hub.close();
  }

  @Test
  void readingsPastTheirBoundDropTheOldestCountedAndEverythingElseArrivesOnce() {
    EdgeRuntime joined = hub.startEdge("edge-1");
    Poll.until(Duration.ofSeconds(20), "edge-1 joined and linked", () -> joined.link().isPresent());
    joined.stop().await();

    // GIVEN an edge that cannot reach the cloud takes ≈ 3 MiB of readings through a 1 MiB bound
    EdgeRuntime offline = hub.startOfflineEdge("edge-1", SETS);
    assertTrue(offline.link().isEmpty(), "the cloud is out of reach");
    List<Future<Long>> accepted = new ArrayList<>();
    for (int i = 1; i <= READINGS; i++) {
      accepted.add(offline.delivery().accept(event("reading-" + i, "sensors/hall/temperature", 1024)));
      if (i % 10 == 0) {
        accepted.add(offline.delivery().accept(event("alarm-" + i / 10, "alarms/hall", 100)));
      }
    }
    Future.all(accepted).await();
    assertTrue(offline.link().isEmpty(), "still out of reach");
    offline.stop().await();

    // WHEN it links again
    EdgeRuntime linked = EdgeRuntime.start(hub.vertx, hub.edgeConfig("edge-1", "auto", SETS), hub.edgeTelemetry,
        java.util.Optional.empty()).await();
    Poll.until(Duration.ofSeconds(60), "every alarm and the newest reading arrived",
        () -> received.containsKey("reading-" + READINGS) && alarmsReceived() == ALARMS);
    Poll.until(Duration.ofSeconds(10), "the cloud acknowledged everything", () -> linked.delivery().pendingEvents() == 0);
    linked.stop().await();

    // THEN the readings are the newest ones, without a gap, each once; the others were counted
    List<Integer> readings = received.keySet().stream().filter(id -> id.startsWith("reading-"))
        .map(id -> Integer.parseInt(id.substring("reading-".length()))).sorted().toList();
    int oldestKept = readings.get(0);
    assertEquals(READINGS - oldestKept + 1, readings.size(), "a contiguous run up to the newest");
    assertTrue(readings.size() < 1_100 && readings.size() > 700, "about 1 MiB of 1 KiB readings: " + readings.size());
    assertTrue(received.values().stream().allMatch(count -> count.get() == 1), "each once");
    String scrape = hub.edgeTelemetry.scrape();
    assertTrue(scrape.contains("vertedge_outbox_dropped_total{outbox=\"drop-oldest\"} " + (oldestKept - 1) + ".0"),
        "drops counted: " + scrape.lines().filter(line -> line.startsWith("vertedge_outbox_dropped")).toList());
  }

  private long alarmsReceived() {
    return received.keySet().stream().filter(id -> id.startsWith("alarm-")).count();
  }

  private static Envelope event(String id, String topic, int size) {
    return Envelope.newBuilder().setId(id).setChannel(Channel.DATA)
        .setRoute(Route.newBuilder().setGroup("event").setOperation("publish").setResource(topic))
        .setContent(ByteString.copyFrom(new byte[size])).build();
  }
}
