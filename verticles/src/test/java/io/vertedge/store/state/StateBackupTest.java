package io.vertedge.store.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.vertedge.store.state.MapDbStateStoreTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateBackupTest {

  @TempDir
  Path dataDir;

  @Test
  void aStoreLeftInsideATransactionStartsAgainFromItsBackup() throws Exception {
    // GIVEN a backup after the first batch, and a second batch committed after it
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      store.apply(new Batch().put("twins", "a", bytes("1")).mark("log.applied", 1));
      store.backup();
      store.apply(new Batch().put("twins", "a", bytes("2")).put("twins", "b", bytes("2")).mark("log.applied", 2));
    }
    // WHEN the store is opened with MapDB's write-ahead log of an open transaction beside it
    // (what a process killed inside a batch or a commit leaves)
    Files.write(dataDir.resolve(MapDbStateStore.FILE_NAME + ".wal.0"), new byte[64]);
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      // THEN it holds what the backup held, and the state log is to apply the rest
      assertEquals(1, store.mark("log.applied"));
      assertEquals("1", new String(store.get("twins", "a").orElseThrow().value()));
      assertEquals(Optional.empty(), store.get("twins", "b"));
    }
    assertFalse(Files.exists(dataDir.resolve(MapDbStateStore.FILE_NAME + ".wal.0")), "the open transaction's log goes");
    assertTrue(Files.exists(dataDir.resolve(StateBackup.REPLACED_NAME)), "the replaced file is kept");
  }

  @Test
  void aStoreClosedBetweenBatchesKeepsItsNewestCommit() throws Exception {
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      store.apply(new Batch().put("twins", "a", bytes("1")).mark("log.applied", 1));
      store.backup();
      store.apply(new Batch().put("twins", "a", bytes("2")).mark("log.applied", 2));
    }
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      assertEquals(2, store.mark("log.applied"));
      assertEquals("2", new String(store.get("twins", "a").orElseThrow().value()));
    }
    assertFalse(Files.exists(dataDir.resolve(StateBackup.REPLACED_NAME)));
  }
}
