package io.vertedge.store.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.vertedge.store.state.MapDbStateStoreTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class StateCheckTest {

  @TempDir
  Path dataDir;

  @Test
  void aTruncatedStoreNamesItsFileItsCauseAndTheCommandThatChecksIt() throws IOException {
    // GIVEN a store cut short, as by a full disk or a bad copy
    Path file = storeWithData();
    truncate(file, 100);
    // WHEN the edge opens it
    StateStoreException refused = assertThrows(StateStoreException.class, () -> MapDbStateStore.open(dataDir, StateMetrics.noop()));
    // THEN one line says which file, why, and what to run
    assertEquals(StateStoreException.Reason.DAMAGED, refused.reason());
    assertTrue(refused.getMessage().startsWith("state store " + file + " cannot be read ("), refused.getMessage());
    assertTrue(refused.getMessage().endsWith("); run `vertedge store check --data-dir " + dataDir + "`"), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"));
  }

  @Test
  void repairMovesADamagedStoreAsideUntouchedAndAFreshOneOpens() throws IOException {
    // GIVEN a store whose header was overwritten
    Path file = storeWithData();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    }
    byte[] damaged = Files.readAllBytes(file);
    // WHEN it is checked, then repaired
    StateCheck.Report report = StateCheck.check(dataDir);
    Optional<Path> aside = StateCheck.repair(dataDir);
    // THEN the check named the problem, and the file sits unchanged in damaged-<time>/ with a README
    assertFalse(report.healthy());
    assertEquals(file, report.file());
    Path folder = aside.orElseThrow();
    assertTrue(folder.getFileName().toString().matches("damaged-\\d{8}T\\d{6}Z"), folder.toString());
    assertEquals(List.of(folder.resolve("README.txt"), folder.resolve("state.db")), filesIn(folder));
    assertArrayEquals(damaged, Files.readAllBytes(folder.resolve("state.db")));
    assertTrue(Files.readString(folder.resolve("README.txt")).contains("Problem: " + report.problem().orElseThrow()));
    // AND a store opens empty in its place
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      assertEquals(List.of(), store.entries("devices"));
      assertEquals(0, store.mark("log.applied"));
    }
    assertTrue(StateCheck.check(dataDir).healthy());
  }

  @Test
  void aHealthyStoreIsLeftWhereItIs() throws IOException {
    // GIVEN a store closed cleanly
    Path file = storeWithData();
    // WHEN it is checked and repaired
    StateCheck.Report report = StateCheck.check(dataDir);
    Optional<Path> aside = StateCheck.repair(dataDir);
    // THEN nothing is wrong and nothing moved
    assertEquals(new StateCheck.Report(file, Optional.empty()), report);
    assertEquals(Optional.empty(), aside);
    assertEquals(List.of(file, dataDir.resolve("state.db.backup"), dataDir.resolve("state.lock")), filesIn(dataDir));
  }

  @Test
  void aStoreInUseIsNotTakenForDamaged() throws IOException {
    // GIVEN a store that is open
    storeWithData();
    try (StateStore open = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      // WHEN another opener checks or repairs it
      StateStoreException check = assertThrows(StateStoreException.class, () -> StateCheck.check(dataDir));
      assertThrows(StateStoreException.class, () -> StateCheck.repair(dataDir));
      // THEN it is told the store is locked, and the store is still there and working
      assertEquals(StateStoreException.Reason.LOCKED, check.reason());
      assertEquals(1, open.mark("log.applied"));
    }
  }

  private Path storeWithData() {
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      store.apply(new Batch().put("devices", "thermo-1", bytes("model: thermometer")).mark("log.applied", 1));
    }
    return dataDir.resolve(MapDbStateStore.FILE_NAME);
  }

  private static void truncate(Path file, long length) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(length);
    }
  }

  static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
