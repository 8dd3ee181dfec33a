package io.vertedge.delivery;

import com.google.protobuf.ByteString;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;
import io.vertx.core.Future;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Vertx;
import io.vertedge.otel.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox over a real segment log: the door's promise, reading for the link, the bound. */
class LogOutboxTest {

  @TempDir Path dir;
  private Vertx vertx;
  private SegmentLog log;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    log = SegmentLog.open(dir.resolve("outbox"), LogOptions.defaults().withSegmentBytes(16 * 1024));
  }

  @AfterEach
  void close() {
    log.close();
    vertx.close().await();
  }

  @Test
  void acceptedEventsAreReadBackInOrderWithTheirSequenceOnTheDataChannel() {
    LogOutbox outbox = new LogOutbox(vertx, log, OutboxBounds.defaults());
    for (int i = 1; i <= 100; i++) {
      assertEquals(i, await(outbox.accept(event("e" + i, 10))));
    }
    List<Envelope> first = await(outbox.read(0, 60));
    List<Envelope> rest = await(outbox.read(60, 60));
    assertEquals(60, first.size());
    assertEquals(40, rest.size());
    assertEquals("e61", rest.get(0).getId());
    assertEquals(61, rest.get(0).getSequence());
    assertEquals(Channel.DATA, rest.get(0).getChannel());
    assertEquals(List.of(), await(outbox.read(100, 10)));
    assertEquals(100, outbox.pending());
    outbox.acknowledged(100);
    assertEquals(0, outbox.pending());
  }

  @Test
  void atItsBoundTheOutboxRefusesWithAReasonWritesNothingAndAcceptsAgainOnceAcknowledged() throws Exception {
    LogOutbox outbox = new LogOutbox(vertx, log, new OutboxBounds(64 * 1024, Duration.ofDays(7)));
    long accepted = 0;
    Throwable refusal = null;
    while (refusal == null) {
      try {
        accepted = await(outbox.accept(event("e" + (accepted + 1), 1024)));
      } catch (RuntimeException e) {
        refusal = e.getCause() != null ? e.getCause() : e;
      }
    }
    assertInstanceOf(OutboxFullException.class, refusal);
    assertTrue(refusal.getMessage().startsWith("the outbox holds "), refusal.getMessage());
    assertTrue(refusal.getMessage().contains("(store.outbox.maxBytes)"), refusal.getMessage());
    assertEquals(accepted, log.lastSequence(), "a refused event is not written");

    outbox.acknowledged(accepted);
    long trimmedTo = accepted;
    Poll.until(Duration.ofSeconds(5), "acknowledged segments trimmed", () -> log.sizeBytes() < 32 * 1024);
    assertEquals(trimmedTo + 1, await(outbox.accept(event("after", 1024))));
  }

  @Test
  void aDropOldestOutboxAtItsBoundDropsItsOldestEventsCountsThemAndTheReaderSkipsThem() throws Exception {
    try (Telemetry telemetry = Telemetry.create("vertedge-edge", "test", Map.of())) {
      LogOutbox outbox = new LogOutbox(vertx, log, new OutboxBounds(64 * 1024, Duration.ofDays(7)),
          LogOutbox.Overflow.DROP_OLDEST, new OutboxMetrics(telemetry.meter("io.vertedge.delivery"), "drop-oldest"));
      assertEquals(List.of(), await(outbox.read(0, 10)), "nothing yet");
      outbox.acknowledged(10);
      int events = 400; // ≈ 400 KiB through a 64 KiB bound, all at once
      List<Future<Long>> accepted = new java.util.ArrayList<>();
      for (int i = 1; i <= events; i++) {
        accepted.add(outbox.accept(event("e" + i, 1024)));
      }
      for (int i = 1; i <= events; i++) {
        assertEquals(i, await(accepted.get(i - 1)), "every event is accepted");
      }
      Poll.until(Duration.ofSeconds(5), "back within the bound", () -> log.sizeBytes() <= 64 * 1024);

      long first = log.firstSequence();
      assertTrue(first > 300, "the oldest went: the log starts at " + first);
      List<Envelope> readable = await(outbox.read(0, 1_000));
      assertEquals("e" + first, readable.get(0).getId(), "the reader starts at the oldest event kept");
      assertEquals("e" + events, readable.get(readable.size() - 1).getId(), "the newest are all there");
      assertEquals(events - first + 1, readable.size(), "no gap after the oldest kept");
      // counted as each segment goes: once the dropping is over, the counters match what the log kept
      Poll.until(Duration.ofSeconds(5), "drops counted (acknowledged ones not) and pending = what is held", () -> {
        long oldestKept = log.firstSequence();
        String scrape = telemetry.scrape();
        return scrape.contains("vertedge_outbox_dropped_total{outbox=\"drop-oldest\"} " + (oldestKept - 1 - 10) + ".0")
            && scrape.contains("vertedge_outbox_pending{outbox=\"drop-oldest\"} " + (events - oldestKept + 1) + ".0");
      });
    }
  }

  @Test
  void aLogLeftOverItsBoundByAStopIsCutToItWhenTheOutboxOpens() throws Exception {
    // as if the edge stopped between its appends and the drops they called for
    LogOutbox unbounded = new LogOutbox(vertx, log, new OutboxBounds(1 << 30, Duration.ofDays(7)));
    for (int i = 1; i <= 300; i++) {
      await(unbounded.accept(event("e" + i, 1024)));
    }
    assertTrue(log.sizeBytes() > 256 * 1024, "over the bound to come: " + log.sizeBytes());

    LogOutbox reopened = new LogOutbox(vertx, log, new OutboxBounds(64 * 1024, Duration.ofDays(7)),
        LogOutbox.Overflow.DROP_OLDEST, OutboxMetrics.noop());
    reopened.dropOverBound();

    assertTrue(log.sizeBytes() <= 64 * 1024 + 16 * 1024, "within the bound and the segment being written: "
        + log.sizeBytes());
    List<Envelope> kept = await(reopened.read(0, 1_000));
    assertEquals("e300", kept.get(kept.size() - 1).getId(), "the newest stay");
    assertEquals(300 - log.firstSequence() + 1, kept.size(), "no gap after the oldest kept");
  }

  @Test
  void theAcknowledgedHandlerSeesEachHigherMarkOnce() {
    LogOutbox outbox = new LogOutbox(vertx, log, OutboxBounds.defaults());
    List<Long> seen = new java.util.ArrayList<>();
    outbox.acknowledgedHandler(seen::add);
    outbox.acknowledged(3);
    outbox.acknowledged(3);
    outbox.acknowledged(2);
    outbox.acknowledged(7);
    assertEquals(List.of(3L, 7L), seen);
  }

  private static Envelope event(String id, int size) {
    return Envelope.newBuilder().setId(id).setChannel(Channel.DATA)
        .setContent(ByteString.copyFrom(new byte[size])).build();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
