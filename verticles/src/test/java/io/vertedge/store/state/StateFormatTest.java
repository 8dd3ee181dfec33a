package io.vertedge.store.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static io.vertedge.store.state.MapDbStateStoreTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(60)
class StateFormatTest {

  @TempDir
  Path dataDir;

  @Test
  void aStoreWrittenByTheFirstReleaseOpensWithItsContent() throws IOException {
    // GIVEN the state store of a format-1 release (store-fixtures/state-v1)
    StateFixtures.unpack(1, dataDir);
    // WHEN this version opens it
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      // THEN values, the tombstone, versions and marks are as that release wrote them
      assertEquals(List.of(new Versioned("thermo-1", 1, bytes("model: thermometer"))), store.entries("devices"));
      assertEquals(new Versioned("thermo-1/temperature", 3, bytes("21.5")), store.get("twins", "thermo-1/temperature").orElseThrow());
      assertEquals(List.of(new Versioned("thermo-1", 1, bytes("model: thermometer")), new Versioned("pump-1", 4, null)),
          store.changedSince("devices", 0, 10));
      assertEquals(4, store.version("devices"));
      assertEquals(42, store.mark("log.applied"));
      assertEquals(7, store.mark("seq.edge-1"));
      // AND it keeps counting versions from where that release stopped
      store.apply(new Batch().put("devices", "pump-2", bytes("model: pump")));
      assertEquals(5, store.version("devices"));
    }
  }

  @Test
  void aStoreOfANewerFormatIsRefusedAndLeftAsItIs() throws IOException {
    // GIVEN a store that a newer vertedge (format 2) has written
    MapDbStateStore.open(dataDir, StateMetrics.noop()).close();
    Path file = dataDir.resolve("state.db");
    try (DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make()) {
      db.treeMap("meta", Serializer.STRING, Serializer.LONG).open().put("format", 2L);
      db.commit();
    }
    // WHEN this version opens it
    StateStoreException refused = assertThrows(StateStoreException.class, () -> MapDbStateStore.open(dataDir, StateMetrics.noop()));
    // THEN it says what to do, and neither check nor repair takes the store for damaged
    assertEquals("state store " + file + " has format 2, this vertedge reads up to 1; upgrade vertedge", refused.getMessage());
    assertEquals(StateStoreException.Reason.NEWER_FORMAT, refused.reason());
    StateStoreException repair = assertThrows(StateStoreException.class, () -> StateCheck.repair(dataDir));
    assertEquals(refused.getMessage(), repair.getMessage());
    assertEquals(List.of(file, dataDir.resolve("state.lock")), StateCheckTest.filesIn(dataDir));
  }
}
