package io.vertedge.store.log;

import static io.vertedge.store.log.LogFiles.offsetOf;
import static io.vertedge.store.log.LogFiles.payload;
import static io.vertedge.store.log.LogFiles.readAll;
import static io.vertedge.store.log.LogFiles.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `vertedge store check|repair` as an operator runs them on a log that does not start. */
@Timeout(60)
class LogCheckTest {

  private static final int PAYLOAD = 100;
  private static final int RECORD = LogFiles.RECORD_OVERHEAD + PAYLOAD;
  private static final LogOptions SMALL_SEGMENTS = LogOptions.defaults().withSegmentBytes(4096);

  @TempDir
  Path dir;

  @Test
  void aHealthyLogIsReportedAsSuch() throws IOException {
    appendOneByOne(10);

    CheckReport report = LogCheck.check(dir);

    assertTrue(report.healthy());
    assertEquals("log " + dir + ": 1 segment, " + offsetOf(10, PAYLOAD) + " bytes, sequences 1..10\nhealthy\n",
        report.toString());
    assertFalse(LogCheck.repair(dir).changed());
  }

  @Test
  void aTornTailIsReportedAndLeftForStartUp() throws IOException {
    appendOneByOne(10);
    LogFiles.cutTo(segment(dir, 1), offsetOf(9, PAYLOAD) + 30);

    CheckReport report = LogCheck.check(dir);
    RepairReport repair = LogCheck.repair(dir);

    assertTrue(report.startable());
    assertEquals(1, report.problems().size());
    assertEquals(LogProblem.Kind.TORN_TAIL, report.problems().get(0).kind());
    assertTrue(report.toString().contains("torn tail         00000000000000000001.log at byte " + offsetOf(9, PAYLOAD)
        + ": torn tail of 30 bytes"), report.toString());
    assertFalse(repair.changed());
    assertTrue(repair.toString().endsWith("nothing to repair: start-up cuts the torn tail\n"), repair.toString());
    assertEquals(List.of(), asideDirectories());
  }

  @Test
  void repairMovesADamagedSegmentAsideAndKeepsTheRecordsAroundTheDamage() throws IOException {
    appendOneByOne(10);
    Path file = segment(dir, 1);
    LogFiles.flipBit(file, offsetOf(4, PAYLOAD) + 60);
    byte[] damaged = Files.readAllBytes(file);

    CheckReport check = LogCheck.check(dir);
    RepairReport repair = LogCheck.repair(dir);

    assertFalse(check.startable());
    assertEquals(LogProblem.Kind.DAMAGED_RECORDS, check.problems().get(0).kind());
    assertEquals(offsetOf(4, PAYLOAD), check.problems().get(0).offset());
    assertTrue(check.toString().contains("vertedge store repair --data-dir " + dir), check.toString());
    Path aside = repair.movedTo();
    assertEquals(List.of(aside), asideDirectories());
    assertArrayEquals(damaged, Files.readAllBytes(aside.resolve(file.getFileName())), "the original, unchanged");
    String readme = Files.readString(aside.resolve("README.txt"));
    assertTrue(readme.contains("moved 00000000000000000001.log aside (at byte " + offsetOf(4, PAYLOAD) + ": " + RECORD
        + " invalid bytes (checksum mismatch)"), readme);
    assertTrue(readme.contains("kept sequences 1..4 as 00000000000000000001.log, 6..10 as 00000000000000000006.log"),
        readme);
    assertTrue(readme.contains("sequence 5 is lost"), readme);
    try (SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      assertEquals(List.of(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L), readAll(log).stream().map(LogRecord::sequence).toList());
      assertEquals(11, log.append(payload("after the repair", PAYLOAD)).join());
    }
    assertTrue(LogCheck.check(dir).healthy(), LogCheck.check(dir).toString());
  }

  @Test
  void repairAcceptsTheGapOfAMissingSegmentAndKeepsEverythingElse() throws IOException {
    appendOneByOne(80, SMALL_SEGMENTS);
    Files.delete(segment(dir, 33));

    RepairReport repair = LogCheck.repair(dir);

    assertTrue(repair.changed());
    assertTrue(repair.toString().contains("sequences 33..64 are lost"), repair.toString());
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      List<LogRecord> records = readAll(log);
      assertEquals(48, records.size());
      assertEquals(32, records.get(31).sequence());
      assertEquals(65, records.get(32).sequence());
      assertEquals("record 65", LogFiles.text(records.get(32).payload()));
      assertEquals(81, log.append(payload("after the repair", PAYLOAD)).join());
    }
  }

  @Test
  void repairKeepsTheRecordsOfASegmentWhoseHeaderIsDamaged() throws IOException {
    appendOneByOne(10);
    LogFiles.flipBit(segment(dir, 1), 10);

    assertEquals(LogProblem.Kind.BAD_HEADER, LogCheck.check(dir).problems().get(0).kind());
    LogCheck.repair(dir);

    try (SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      assertEquals(10, readAll(log).size());
    }
  }

  @Test
  void repairNeverHandsOutASequenceAgainThatAnUnreadableSegmentMayHaveUsed() throws IOException {
    appendOneByOne(80, SMALL_SEGMENTS);
    Path last = segment(dir, 65);
    byte[] noise = new byte[(int) Files.size(last)];
    new Random(3).nextBytes(noise);
    Files.write(last, noise);

    RepairReport repair = LogCheck.repair(dir);

    assertTrue(repair.toString().contains("none of its records could be kept"), repair.toString());
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      assertEquals(64, readAll(log).size());
      assertTrue(log.append(payload("after the repair", PAYLOAD)).join() > 80);
    }
  }

  @Test
  void repairLeavesALogOfANewerFormatAlone() throws IOException {
    appendOneByOne(3);
    LogFiles.writeShort(segment(dir, 1), 4, (short) 2);
    byte[] before = Files.readAllBytes(segment(dir, 1));

    RepairReport repair = LogCheck.repair(dir);

    assertTrue(repair.refused());
    assertNull(repair.movedTo());
    assertTrue(repair.toString().contains("not repaired: written by a newer vertedge"), repair.toString());
    assertArrayEquals(before, Files.readAllBytes(segment(dir, 1)));
    assertEquals(List.of(), asideDirectories());
  }

  @Test
  void repairWaitsForTheLogToBeClosed() throws IOException {
    try (SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> LogCheck.repair(dir));
      assertTrue(refused.getMessage().contains("already open"), refused.getMessage());
    }
  }

  private void appendOneByOne(int count) throws IOException {
    appendOneByOne(count, LogOptions.defaults());
  }

  private void appendOneByOne(int count, LogOptions options) throws IOException {
    try (SegmentLog log = SegmentLog.open(dir, options)) {
      for (int i = 0; i < count; i++) {
        log.append(payload("record " + (log.lastSequence() + 1), PAYLOAD)).join();
      }
    }
  }

  private List<Path> asideDirectories() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("damaged-")).toList();
    }
  }
}
