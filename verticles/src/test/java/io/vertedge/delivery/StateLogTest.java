package io.vertedge.delivery;

import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;
import io.vertedge.store.state.Batch;
import io.vertedge.store.state.MapDbStateStore;
import io.vertedge.store.state.StateMetrics;
import io.vertedge.store.state.StateStore;
import io.vertedge.store.state.Versioned;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** State writes through the log into a real MapDB store: visibility, coalescing, recovery. */
class StateLogTest {

  @TempDir Path dir;
  private Vertx vertx;
  private SegmentLog log;
  private StateStore store;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    openStores();
  }

  @AfterEach
  void close() {
    log.close();
    store.close();
    vertx.close().await();
  }

  @Test
  void acceptedWritesReachTheStoreNewestValueLastAndTheLogLetsGoOfThem() throws Exception {
    StateLog writes = StateLog.recover(vertx, log, store);
    Set<String> durableMaps = ConcurrentHashMap.newKeySet();
    writes.durableHandler(durableMaps::addAll);
    List<Future<Void>> accepted = new ArrayList<>();
    for (int value = 1; value <= 2_000; value++) {
      accepted.add(writes.put("twins", "device-" + (value % 10), bytes("v" + value)));
    }
    accepted.add(writes.put("devices", "device-1", bytes("spec")));
    accepted.forEach(StateLogTest::await);
    await(writes.visible());
    // a commit lets go of what the commits before it applied: one more after those writes
    await(writes.put("devices", "device-2", bytes("spec")));
    await(writes.visible());

    for (int device = 0; device < 10; device++) {
      int newest = 2_000 - ((2_000 - device) % 10);
      assertEquals("v" + newest, text(store.get("twins", "device-" + device)), "device-" + device);
    }
    assertEquals("spec", text(store.get("devices", "device-2")));
    assertEquals(Set.of("twins", "devices"), durableMaps);
    assertEquals(log.durableSequence(), store.mark(StateLog.APPLIED));
    assertEquals(0, writes.pending());
    assertTrue(log.firstSequence() > 1, "applied segments are trimmed; first sequence " + log.firstSequence());
  }

  @Test
  void aDeletionRemovesTheKey() throws Exception {
    StateLog writes = StateLog.recover(vertx, log, store);
    await(writes.put("devices", "pump", bytes("spec")));
    await(writes.delete("devices", "pump"));
    await(writes.visible());
    assertEquals(Optional.empty(), store.get("devices", "pump"));
  }

  @Test
  void aReaderWaitingForVisibilityDoesNotWaitOutADeferral() throws Exception {
    // GIVEN deferred writes that would otherwise wait an hour for a force
    log.close();
    log = SegmentLog.open(dir.resolve("state-log-deferring"), LogOptions.defaults().withMaxDeferral(Duration.ofHours(1)));
    StateLog writes = StateLog.recover(vertx, log, store);
    Future<Void> durable = writes.writeDeferred(List.of(new Batch.Write("cloud", "device/a", bytes("a1")),
        new Batch.Write("marks", "down", bytes("1"))));
    assertFalse(durable.isComplete());
    // WHEN a reader asks for everything accepted so far
    await(writes.visible());
    // THEN the writes were forced for it and are in the store (the writer hears on its own
    // context, so possibly a moment after the reader: without the force it would wait an hour)
    assertEquals(log.lastSequence(), log.durableSequence());
    assertEquals("a1", text(store.get("cloud", "device/a")));
    await(durable);
  }

  @Test
  void writesTheLogForcedButTheStoreNeverGotAreAppliedOnRecovery() throws Exception {
    // GIVEN a crash after the log forced four writes and before the store applied them
    log.append(StateWrite.put("twins", "a", bytes("a1")).encode()).get();
    log.append(StateWrite.put("twins", "b", bytes("b1")).encode()).get();
    log.append(StateWrite.put("twins", "b", bytes("b2")).encode()).get();
    log.append(StateWrite.delete("twins", "gone").encode()).get();
    reopenStores();

    // WHEN the node starts again
    StateLog writes = StateLog.recover(vertx, log, store);

    // THEN the newest of each key is in the store
    assertEquals("a1", text(store.get("twins", "a")));
    assertEquals("b2", text(store.get("twins", "b")));
    assertEquals(4, store.mark(StateLog.APPLIED));
    assertEquals(0, writes.pending());
  }

  @Test
  void aCommitTheStoreTookOnlyInPartIsAppliedAgainWhole() throws Exception {
    // GIVEN a store that kept only part of the last commit (MapDB 3.1.0 does not replay its
    // WAL after a SIGKILL mid-copy): the applied position says 3, a value is still the old one
    log.append(StateWrite.put("twins", "a", bytes("a1")).encode()).get();
    log.append(StateWrite.put("twins", "b", bytes("b1")).encode()).get();
    log.append(StateWrite.put("twins", "a", bytes("a2")).encode()).get();
    store.apply(new Batch().put("twins", "a", bytes("a1")).mark(StateLog.APPLIED, 3));
    reopenStores();

    // WHEN the node starts again
    StateLog.recover(vertx, log, store);

    // THEN what the log holds is applied again, in order: the newest values win
    assertEquals("a2", text(store.get("twins", "a")));
    assertEquals("b1", text(store.get("twins", "b")));
  }

  @Test
  void theLogKeepsTheLastCommitsWritesUntilTheNextCommit() throws Exception {
    log.close();
    log = SegmentLog.open(dir.resolve("state-log-small"), LogOptions.defaults().withSegmentBytes(4096));
    StateLog writes = StateLog.recover(vertx, log, store);
    // several commits: a reader waiting for the store makes one each time
    for (int i = 0; i < 200; i++) {
      await(writes.put("twins", "k" + i, new byte[100]));
      if (i % 50 == 49) {
        await(writes.visible());
      }
    }
    long applied = store.mark(StateLog.APPLIED);
    assertEquals(log.durableSequence(), applied);
    assertTrue(log.firstSequence() > 1, "earlier commits' writes are trimmed");
    assertTrue(log.firstSequence() <= applied, "the last commit's writes are still there: the log starts at "
        + log.firstSequence() + ", the last write is " + applied);
  }

  @Test
  void aKeyTheStoreCannotTakeIsRefusedAtTheDoorAndLaterWritesStillGoThrough() throws Exception {
    StateLog writes = StateLog.recover(vertx, log, store);
    long before = log.lastSequence();
    Throwable refused = awaitFailure(writes.put("twins", "k".repeat(StateStore.MAX_KEY_LENGTH + 1), bytes("v")));
    assertInstanceOf(IllegalArgumentException.class, refused);
    assertTrue(refused.getMessage().contains("longer than 1024"), refused.getMessage());
    assertEquals(before, log.lastSequence(), "nothing written");

    await(writes.put("twins", "fine", bytes("v")));
    await(writes.visible());
    assertEquals("v", text(store.get("twins", "fine")));
  }

  private void openStores() throws Exception {
    log = SegmentLog.open(dir.resolve("state-log"), LogOptions.defaults().withSegmentBytes(4096));
    store = MapDbStateStore.open(dir.resolve("state"), StateMetrics.noop());
  }

  private void reopenStores() throws Exception {
    log.close();
    store.close();
    openStores();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Optional<Versioned> entry) {
    return entry.map(versioned -> new String(versioned.value(), StandardCharsets.UTF_8)).orElse("(absent)");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  private static Throwable awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
