package io.vertedge.store.state;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class MapDbStateStoreTest {

  @TempDir
  Path dataDir;
  StateStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aBatchIsThereWholeAfterARestart() {
    // GIVEN a batch of puts and a delete across two maps, with the log position it applies
    store = open();
    store.apply(new Batch().put("devices", "thermo-1", bytes("model: thermo")).put("devices", "pump-1", bytes("model: pump")));
    store.apply(new Batch()
        .put("twins", "thermo-1/temperature", bytes("21.5"))
        .delete("devices", "pump-1")
        .put("devices", "thermo-2", bytes("model: thermo"))
        .mark("log.applied", 2));
    // WHEN the edge restarts
    reopen();
    // THEN every write and the mark are there
    assertEquals(List.of("thermo-1", "thermo-2"), store.entries("devices").stream().map(Versioned::key).toList());
    assertEquals("21.5", text(store.get("twins", "thermo-1/temperature")));
    assertEquals(Optional.empty(), store.get("devices", "pump-1"));
    assertEquals(2, store.mark("log.applied"));
  }

  @Test
  void batchesLargerThanTheCommitLogKeptInMemoryAreWholeAfterARestart() {
    // GIVEN commits whose logs outgrow the array MapDB's log starts with, and one past what is kept for the next
    store = open();
    byte[] large = new byte[100 << 10];
    Batch big = new Batch();
    for (int i = 0; i < 50; i++) {
      Arrays.fill(large, (byte) i);
      big.put("blobs", "blob-" + i, large.clone());
    }
    store.apply(new Batch().put("blobs", "small", bytes("first")));
    store.apply(big);
    store.apply(new Batch().put("blobs", "small", bytes("after")));
    // WHEN the node restarts
    reopen();
    // THEN every value is there with its bytes
    assertEquals(51, store.entries("blobs").size());
    for (int i = 0; i < 50; i++) {
      byte[] value = store.get("blobs", "blob-" + i).orElseThrow().value();
      assertEquals(large.length, value.length);
      assertEquals((byte) i, value[value.length - 1], "blob-" + i);
    }
    assertEquals("after", text(store.get("blobs", "small")));
  }

  @Test
  void aBatchThatFailsMidwayLeavesNothing() {
    // GIVEN a store at log position 1
    store = open();
    store.apply(new Batch().put("devices", "thermo-1", bytes("v1")).mark("log.applied", 1));
    long versionBefore = store.version("devices");
    // WHEN a batch fails at its third write (a key beyond the store's limit)
    Batch failing = new Batch()
        .put("devices", "thermo-1", bytes("v2"))
        .put("devices", "pump-1", bytes("v1"))
        .put("devices", "x".repeat(StateStore.MAX_KEY_LENGTH + 1), bytes("v1"))
        .mark("log.applied", 2);
    assertThrows(IllegalArgumentException.class, () -> store.apply(failing));
    // THEN none of it is visible, now or after a restart, and versions go on from before
    for (int run = 0; run < 2; run++) {
      assertEquals("v1", text(store.get("devices", "thermo-1")));
      assertEquals(Optional.empty(), store.get("devices", "pump-1"));
      assertEquals(1, store.mark("log.applied"));
      assertEquals(versionBefore, store.version("devices"));
      reopen();
    }
    store.apply(new Batch().put("devices", "pump-1", bytes("v1")));
    assertEquals(versionBefore + 1, store.get("devices", "pump-1").orElseThrow().version());
  }

  @Test
  void marksKeepTheirValuesAndAnUnsetMarkIsZero() {
    // GIVEN the applied log position and a node's sequence high-water mark, moved on twice
    store = open();
    store.apply(new Batch().put("twins", "a", bytes("1")).mark("log.applied", 10).mark("seq.edge-1", 3));
    store.apply(new Batch().mark("log.applied", 25).mark("seq.edge-1", 9));
    // WHEN the store is reopened
    reopen();
    // THEN each mark has its last value, and one never set reads 0
    assertEquals(25, store.mark("log.applied"));
    assertEquals(9, store.mark("seq.edge-1"));
    assertEquals(0, store.mark("seq.edge-2"));
  }

  @Test
  void versionsKeepRisingAcrossRestarts() {
    // GIVEN writes to two maps
    store = open();
    store.apply(new Batch().put("devices", "a", bytes("1")).put("models", "m", bytes("1")).put("devices", "b", bytes("1")));
    long devices = store.version("devices");
    long newest = store.get("devices", "b").orElseThrow().version();
    // WHEN the store is reopened and written again
    reopen();
    store.apply(new Batch().put("models", "m", bytes("2")));
    // THEN each map keeps its version and new writes get higher ones than any before
    assertEquals(devices, store.version("devices"));
    assertTrue(store.version("models") > newest);
    assertEquals(0, store.version("never-written"));
  }

  @Test
  void deletingAnAbsentKeyChangesNothing() {
    // GIVEN a map with one key
    store = open();
    store.apply(new Batch().put("devices", "a", bytes("1")));
    long version = store.version("devices");
    // WHEN a key that never existed, and the same key twice, are deleted
    store.apply(new Batch().delete("devices", "ghost"));
    store.apply(new Batch().delete("devices", "a"));
    long afterDelete = store.version("devices");
    store.apply(new Batch().delete("devices", "a"));
    // THEN only the first real delete made a version, and only it is sent to peers
    assertEquals(version + 1, afterDelete);
    assertEquals(afterDelete, store.version("devices"));
    assertEquals(List.of(new Versioned("a", afterDelete, null)), store.changedSince("devices", version, 10));
  }

  @Test
  void aMapHoldsTheNewestValueOfEachKeyAndPeersGetOnlyWhatChanged() {
    // GIVEN 1,000 twins updated 100 times each, in batches of 1,000 writes
    store = open();
    for (int round = 1; round <= 100; round++) {
      Batch batch = new Batch();
      for (int key = 0; key < 1000; key++) {
        batch.put("twins", "twin-" + key, bytes(key + "@" + round));
      }
      store.apply(batch);
    }
    // THEN the map holds 1,000 entries, and a peer that holds nothing gets the newest value of each, in version order
    assertEquals(1000, store.entries("twins").size());
    List<Versioned> everything = store.changedSince("twins", 0, 5000);
    assertEquals(1000, everything.size());
    for (int i = 0; i < everything.size(); i++) {
      assertEquals("twin-" + i, everything.get(i).key());
      assertEquals(i + "@100", new String(everything.get(i).value(), StandardCharsets.UTF_8));
      assertTrue(i == 0 || everything.get(i).version() > everything.get(i - 1).version());
    }
    // WHEN a peer that synced up to now misses two updates and a delete
    long synced = store.version("twins");
    store.apply(new Batch().put("twins", "twin-7", bytes("7@101")).delete("twins", "twin-3").put("twins", "twin-7", bytes("7@102")));
    // THEN it gets those two keys only: the newest value of one, the tombstone of the other
    List<Versioned> changed = store.changedSince("twins", synced, 5000);
    assertEquals(List.of(new Versioned("twin-3", synced + 2, null), new Versioned("twin-7", synced + 3, bytes("7@102"))), changed);
    assertEquals(999, store.entries("twins").size());
  }

  @Test
  void mapsWhoseNamesSharePrefixesKeepTheirOwnKeysInKeyOrder() {
    // GIVEN maps named like the hub's (one a prefix of others), keys of one map written out of order, non-ASCII included
    store = open();
    store.apply(new Batch().put("down/edge-1", "b", bytes("1")).put("down/edge", "z", bytes("2"))
        .put("down/edge-1", "a", bytes("3")).put("down/edge-10", "a", bytes("4")).put("down/edge-1", "é", bytes("5"))
        .put("down/edge-1", "", bytes("6")));
    reopen();
    // THEN each map lists only its own keys, in code point order, after a restart too
    assertEquals(List.of("", "a", "b", "é"), store.entries("down/edge-1").stream().map(Versioned::key).toList());
    assertEquals(List.of("z"), store.entries("down/edge").stream().map(Versioned::key).toList());
    assertArrayEquals(bytes("4"), store.get("down/edge-10", "a").orElseThrow().value());
    assertTrue(store.get("down/edge", "a").isEmpty());
  }

  @Test
  void aMapNameWithANulCharacterIsRefusedWhenTheBatchIsBuilt() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new Batch().put("down\0edge", "key", bytes("x")));
    assertEquals("a state map's name holds a NUL character: down\\0edge", refused.getMessage());
  }

  @Test
  void aPeerReadsChangesPageByPage() {
    // GIVEN 25 keys
    store = open();
    Batch batch = new Batch();
    for (int key = 0; key < 25; key++) {
      batch.put("devices", "device-" + key, bytes("d"));
    }
    store.apply(batch);
    // WHEN a peer reads pages of 10, each from the last version of the page before
    List<Integer> pages = new java.util.ArrayList<>();
    long from = 0;
    List<Versioned> page;
    do {
      page = store.changedSince("devices", from, 10);
      pages.add(page.size());
      from = page.isEmpty() ? from : page.get(page.size() - 1).version();
    } while (page.size() == 10);
    // THEN it has seen all 25 once
    assertEquals(List.of(10, 10, 5), pages);
    assertEquals(store.version("devices"), from);
  }

  @Test
  void compactionForgetsOldTombstonesOnly() {
    // GIVEN two deletions, one before and one after a version every peer has acked, and a live key
    store = open();
    store.apply(new Batch().put("devices", "old", bytes("1")).put("devices", "new", bytes("1")).put("devices", "live", bytes("1")));
    store.apply(new Batch().delete("devices", "old"));
    long acked = store.version("devices");
    store.apply(new Batch().delete("devices", "new"));
    // WHEN tombstones below the acked version are compacted and the store reopened
    store.compactTombstones("devices", acked + 1);
    reopen();
    // THEN the old tombstone is gone, the newer one and the live key remain
    List<String> changed = store.changedSince("devices", 0, 10).stream().map(Versioned::key).toList();
    assertEquals(List.of("live", "new"), changed);
    assertEquals(acked + 1, store.version("devices"));
  }

  @Test
  void valuesKeepTheirBytesIncludingEmptyOnes() {
    // GIVEN an empty value and one with every byte value
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    store = open();
    store.apply(new Batch().put("m", "empty", new byte[0]).put("m", "all", all));
    // WHEN read back after a restart
    reopen();
    // THEN both are intact, and an empty value is not a deletion
    assertArrayEquals(new byte[0], store.get("m", "empty").orElseThrow().value());
    assertArrayEquals(all, store.get("m", "all").orElseThrow().value());
  }

  @Test
  void aClosedStoreRefusesUse() {
    store = open();
    store.close();
    store.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.mark("x"));
    assertTrue(e.getMessage().endsWith("is closed"), e.getMessage());
    store = null;
  }

  private StateStore open() {
    return MapDbStateStore.open(dataDir, StateMetrics.noop());
  }

  private void reopen() {
    store.close();
    store = open();
  }

  @Test
  void aFaultInTheMappedFileFailsTheBatchAndThePreviousStateComesBackOnTheNextOpen() throws Exception {
    // GIVEN a store with a committed batch and a backup of it
    StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop());
    store.apply(new Batch().put("twins", "a", bytes("1")).mark("log.applied", 1));
    store.backup();
    // WHEN its file is cut to nothing beneath the mapping (what a failing disk does to a mapped read)
    try (FileChannel channel = FileChannel.open(dataDir.resolve(MapDbStateStore.FILE_NAME), StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    // THEN the next batch and read fail with the store's own exception, and the JVM goes on
    StateStoreException write = assertThrows(StateStoreException.class,
        () -> store.apply(new Batch().put("twins", "a", bytes("2")).put("twins", "b", bytes("2"))));
    assertEquals(StateStoreException.Reason.WRITE_FAILED, write.reason());
    StateStoreException read = assertThrows(StateStoreException.class, () -> store.get("twins", "b"));
    assertEquals(StateStoreException.Reason.DAMAGED, read.reason());
    store.close();
    // AND the next open starts from the backup
    try (StateStore reopened = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      assertEquals("1", new String(reopened.get("twins", "a").orElseThrow().value(), StandardCharsets.UTF_8));
      assertEquals(1, reopened.mark("log.applied"));
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Optional<Versioned> entry) {
    return new String(entry.orElseThrow().value(), StandardCharsets.UTF_8);
  }
}
