package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import com.google.protobuf.ByteString;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State from the cloud to a node, coalesced: set while the node is away, it arrives as the
 * newest value per key, and the node still has it when it starts with the cloud out of reach.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StateSyncTest {

  private static final int KEYS = 1_000;
  private static final int UPDATES = 10;

  @TempDir Path dir;
  private HubFixture hub;

  @BeforeEach
  void startCloud() {
    hub = new HubFixture(dir);
  }

  @AfterEach
  void stopCloud() {
    hub.close();
  }

  @Test
  void stateSetWhileTheNodeIsAwayArrivesAsTheNewestValuePerKeyAndStaysAvailableOffline() {
    EdgeRuntime first = hub.startEdge("edge-1");
    Poll.until(Duration.ofSeconds(20), "edge-1 joined and linked", () -> first.link().isPresent());
    first.stop().await();

    List<Future<Void>> published = new ArrayList<>();
    for (int update = 1; update <= UPDATES; update++) {
      for (int key = 1; key <= KEYS; key++) {
        published.add(hub.cloud.delivery().publish("edge-1", desired(key, update)));
      }
    }
    Future.all(published).await();
    // the node stays away until the cloud has coalesced them into its state store
    hub.cloud.delivery().stateApplied().await();
    Poll.until(Duration.ofSeconds(10), "the cloud counts 1,000 keys waiting for the node",
        () -> hub.cloudTelemetry.scrape().contains("vertedge_sync_state_dirty_keys " + KEYS + ".0"));

    EdgeRuntime again = hub.startEdge("edge-1");
    Poll.until(Duration.ofSeconds(60), "all keys arrived", () -> again.delivery().cloudState().await().size() == KEYS
        && again.delivery().stateReceived() >= KEYS);
    assertEquals(KEYS, again.delivery().stateReceived(), "one message per key, not one per update");
    Poll.until(Duration.ofSeconds(10), "no key waits once the node acknowledged them",
        () -> hub.cloudTelemetry.scrape().contains("vertedge_sync_state_dirty_keys 0.0"));
    assertTrue(again.delivery().cloudState().await().stream()
        .allMatch(state -> state.getContent().toStringUtf8().equals("value " + UPDATES)), "the newest values");
    again.stop().await();

    EdgeRuntime offline = hub.startOfflineEdge("edge-1", List.of());
    assertTrue(offline.link().isEmpty(), "the cloud is out of reach");
    assertEquals(KEYS, offline.delivery().cloudState().await().size(), "served from the store with the cloud away");
    offline.stop().await();
  }

  @Test
  void stateTheNodeReportsReachesTheCloudAsTheNewestValuePerKey() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    List<Future<Void>> reported = new ArrayList<>();
    for (int update = 1; update <= 5; update++) {
      for (int key = 1; key <= 200; key++) {
        reported.add(edge.delivery().report(Envelope.newBuilder().setChannel(Channel.RESOURCES)
            .setRoute(Route.newBuilder().setGroup("twin").setOperation("reported").setResource("device/default/d-" + key))
            .setContent(ByteString.copyFromUtf8("reading " + update)).build()));
      }
    }
    Future.all(reported).await();
    Poll.until(Duration.ofSeconds(30), "the cloud holds the newest reported value of every key", () -> {
      List<Envelope> atCloud = hub.cloud.delivery().reported("edge-1").await();
      return atCloud.size() == 200 && atCloud.stream().allMatch(e -> e.getContent().toStringUtf8().equals("reading 5"));
    });
    edge.stop().await();
  }

  private static Envelope desired(int key, int update) {
    return Envelope.newBuilder().setChannel(Channel.RESOURCES)
        .setRoute(Route.newBuilder().setGroup("twin").setOperation("desired").setResource("device/default/d-" + key))
        .setContent(ByteString.copyFromUtf8("value " + update)).build();
  }
}
