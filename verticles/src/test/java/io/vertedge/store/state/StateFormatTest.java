package io.vertedge.store.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

  @ParameterizedTest(name = "format {0}")
  @ValueSource(ints = {1, 2, 3})
  void aStoreWrittenByTheFirstReleaseOfEachFormatOpensWithItsContent(int format) throws IOException {
    // GIVEN the state store of the first release of a format (store-fixtures/state-vN)
    StateFixtures.unpack(format, dataDir);
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
    // AND it is of the current format from then on, with the same content
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      assertEquals(List.of(new Versioned("thermo-1", 1, bytes("model: thermometer")),
          new Versioned("pump-2", 5, bytes("model: pump"))), store.changedSince("devices", 0, 10).stream()
          .filter(entry -> !entry.isTombstone()).toList());
    }
    try (DB db = DBMaker.fileDB(dataDir.resolve("state.db").toFile()).transactionEnable().make()) {
      assertEquals(StateFormat.CURRENT, db.treeMap("meta", Serializer.STRING, Serializer.LONG).open().get("format"));
    }
  }

  @Test
  void aStoreOfANewerFormatIsRefusedAndLeftAsItIs() throws IOException {
    // GIVEN a store that a newer vertedge (format 4) has written
    MapDbStateStore.open(dataDir, StateMetrics.noop()).close();
    Path file = dataDir.resolve("state.db");
    try (DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make()) {
      db.treeMap("meta", Serializer.STRING, Serializer.LONG).open().put("format", 4L);
      db.commit();
    }
    // WHEN this version opens it
    StateStoreException refused = assertThrows(StateStoreException.class, () -> MapDbStateStore.open(dataDir, StateMetrics.noop()));
    // THEN it says what to do, and neither check nor repair takes the store for damaged
    assertEquals("state store " + file + " has format 4, this vertedge reads up to 3; upgrade vertedge", refused.getMessage());
    assertEquals(StateStoreException.Reason.NEWER_FORMAT, refused.reason());
    StateStoreException repair = assertThrows(StateStoreException.class, () -> StateCheck.repair(dataDir));
    assertEquals(refused.getMessage(), repair.getMessage());
    assertEquals(List.of(file, dataDir.resolve("state.db.backup"), dataDir.resolve("state.lock")),
        StateCheckTest.filesIn(dataDir));
  }
}
