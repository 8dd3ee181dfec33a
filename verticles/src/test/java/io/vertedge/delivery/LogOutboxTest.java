package io.vertedge.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogOutboxTest {

  @TempDir
  Path dir;

  @Test
  void theAcknowledgedHandlerSeesEachHigherMarkOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      LogOutbox outbox = new LogOutbox(vertx, log, OutboxBounds.defaults());
      List<Long> seen = new ArrayList<>();
      outbox.acknowledgedHandler(seen::add);
      outbox.acknowledged(3);
      outbox.acknowledged(3);
      outbox.acknowledged(2);
      outbox.acknowledged(7);
      assertEquals(List.of(3L, 7L), seen);
    } finally {
      vertx.close().await();
    }
  }
}
