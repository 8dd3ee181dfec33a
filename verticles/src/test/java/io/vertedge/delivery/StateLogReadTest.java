package io.vertedge.delivery;

import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading state through the log: what a sender sees of writes that are durable and not yet in
 * the store, and that their versions stay what they were once applied and after a restart.
 */
class StateLogReadTest {

  @TempDir Path dir;
  private Vertx vertx;
  private SegmentLog log;
  private StateStore store;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    log = SegmentLog.open(dir.resolve("state-log"), LogOptions.defaults());
    store = MapDbStateStore.open(dir.resolve("state"), StateMetrics.noop());
  }

  @AfterEach
  void close() {
    log.close();
    store.close();
    vertx.close().await();
  }

  @Test
  void aDurableWriteIsReadWithTheVersionTheStoreGivesItAndKeepsAfterARestart() throws Exception {
    StateLog writes = StateLog.recover(vertx, log, store);
    await(writes.put("down/edge-1", "a", bytes("a1")));
    await(writes.put("down/edge-1", "b", bytes("b1")));
    await(writes.put("down/edge-1", "a", bytes("a2")));
    List<Versioned> read = writes.changedSince("down/edge-1", 0, 100);
    assertEquals(List.of("b=b1", "a=a2"), read.stream().map(StateLogReadTest::text).toList(), "newest per key, by version");

    await(writes.visible());
    assertEquals(read, store.changedSince("down/edge-1", 0, 100), "the store holds them at the same versions");

    log.close();
    store.close();
    log = SegmentLog.open(dir.resolve("state-log"), LogOptions.defaults());
    store = MapDbStateStore.open(dir.resolve("state"), StateMetrics.noop());
    StateLog again = StateLog.recover(vertx, log, store);
    assertEquals(read, again.changedSince("down/edge-1", 0, 100), "and again after a restart that applied the log again");
    await(again.put("down/edge-1", "c", bytes("c1")));
    long newest = again.changedSince("down/edge-1", 0, 100).get(2).version();
    assertTrue(newest > read.get(1).version(), "a later write gets a higher version: " + newest);
  }

  @Test
  void aReaderCatchingUpInPagesGetsTheNewestOfEveryKeyFromStoreAndMemoryTogether() throws Exception {
    StateLog writes = StateLog.recover(vertx, log, store);
    for (int round = 1; round <= 5; round++) {
      for (int key = 0; key < 300; key++) {
        writes.put("down/edge-1", "k" + key, bytes("r" + round));
      }
      if (round == 3) {
        await(writes.visible());
      }
    }
    await(writes.put("down/edge-1", "last", bytes("x")));

    Map<String, String> seen = new HashMap<>();
    long after = 0;
    List<Versioned> page;
    do {
      page = writes.changedSince("down/edge-1", after, 64);
      for (Versioned entry : page) {
        assertTrue(entry.version() > after, "versions only grow: " + entry + " after " + after);
        after = entry.version();
        seen.put(entry.key(), text(entry));
      }
    } while (!page.isEmpty());

    assertEquals(301, seen.size());
    for (int key = 0; key < 300; key++) {
      assertEquals("k" + key + "=r5", seen.get("k" + key));
    }
  }

  private static String text(Versioned entry) {
    return entry.key() + "=" + (entry.value() == null ? "(deleted)" : new String(entry.value(), StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
