package io.vertedge.store.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

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
    // (what a build before the state.db.open sign left when killed inside a batch or a commit)
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
  void aStoreTheLastRunDidNotCloseStartsAgainFromItsBackup() throws Exception {
    // GIVEN a store's directory as a crash leaves it: copied while the store is open, after a
    // backup and a commit that came after it (the copy sees the file as the page cache holds it)
    Path crashed = dataDir.resolve("crashed");
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      store.apply(new Batch().put("twins", "a", bytes("1")).mark("log.applied", 1));
      store.backup();
      store.apply(new Batch().put("twins", "a", bytes("2")).put("twins", "b", bytes("2")).mark("log.applied", 2));
      assertTrue(Files.exists(dataDir.resolve(StateBackup.OPEN_NAME)), "an open store is signed open");
      copyFiles(dataDir, crashed);
    }
    // WHEN the copy is opened
    try (StateStore store = MapDbStateStore.open(crashed, StateMetrics.noop())) {
      // THEN it holds what the backup held (the commit after it was not forced), and the logs apply the rest
      assertEquals(1, store.mark("log.applied"));
      assertEquals("1", new String(store.get("twins", "a").orElseThrow().value()));
      assertEquals(Optional.empty(), store.get("twins", "b"));
    }
    assertTrue(Files.exists(crashed.resolve(StateBackup.REPLACED_NAME)), "the replaced file is kept");
  }

  @Test
  void aStoreClosedBetweenBatchesKeepsItsNewestCommit() throws Exception {
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      store.apply(new Batch().put("twins", "a", bytes("1")).mark("log.applied", 1));
      store.backup();
      store.apply(new Batch().put("twins", "a", bytes("2")).mark("log.applied", 2));
    }
    assertFalse(Files.exists(dataDir.resolve(StateBackup.OPEN_NAME)), "a clean close takes the sign away");
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      assertEquals(2, store.mark("log.applied"));
      assertEquals("2", new String(store.get("twins", "a").orElseThrow().value()));
    }
    assertFalse(Files.exists(dataDir.resolve(StateBackup.REPLACED_NAME)));
  }

  @Test
  void aNewStoreHasABackupAtOnce() throws Exception {
    // a crash before the first backup would otherwise leave a store that may be torn and nothing to go back to
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      assertTrue(Files.exists(dataDir.resolve(StateBackup.FILE_NAME)));
    }
  }

  private static void copyFiles(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
