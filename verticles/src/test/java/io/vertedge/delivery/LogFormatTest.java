package io.vertedge.delivery;

import io.opentelemetry.api.OpenTelemetry;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The logs an edge of log format 1 left behind open with this version, with their content. */
@Timeout(60)
class LogFormatTest {

  @TempDir Path dataDir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void anEdgeStoreOfLogFormat1OpensWithItsEventsAndAppliesItsStateWrites() throws Exception {
    // GIVEN the outbox and state log of a format-1 edge that crashed before applying its state writes
    DeliveryFixtures.unpack(1, dataDir.resolve("store"));
    // WHEN this version opens the store
    EdgeDelivery delivery = EdgeDelivery.open(vertx, dataDir, OutboxBounds.defaults(),
        OpenTelemetry.noop().getMeter("test")).await();
    try {
      // THEN the events wait to be sent, in order, and the state writes are in the state store
      List<Envelope> events = delivery.outbox().read(0, 10).await();
      assertEquals(List.of("event-1", "event-2", "event-3"), events.stream().map(Envelope::getId).toList());
      assertEquals(DeliveryFixtures.event(2).getContent(), events.get(1).getContent());
      assertEquals(3, delivery.outbox().pending());
      assertEquals(Optional.of("21.5"), value(delivery, "device/default/thermo-1"));
      assertEquals(Optional.empty(), value(delivery, "device/default/pump-1"));
      // AND it goes on numbering events after them
      assertEquals(4L, delivery.accept(DeliveryFixtures.event(4)).await());
    } finally {
      vertx.executeBlocking(() -> {
        delivery.close();
        return null;
      }).await();
    }
  }

  private Optional<String> value(EdgeDelivery delivery, String key) throws Exception {
    return vertx.executeBlocking(() -> delivery.state().get(EdgeDelivery.REPORTED, key)
        .map(entry -> new String(entry.value(), StandardCharsets.UTF_8))).await();
  }
}
