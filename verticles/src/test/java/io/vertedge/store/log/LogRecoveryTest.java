package io.vertedge.store.log;

import static io.vertedge.store.log.LogFiles.offsetOf;
import static io.vertedge.store.log.LogFiles.payload;
import static io.vertedge.store.log.LogFiles.readAll;
import static io.vertedge.store.log.LogFiles.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertedge.runtime.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What start-up makes of a log directory after a crash, a bad disk or a removed file. */
@Timeout(60)
class LogRecoveryTest {

  private static final int PAYLOAD = 100;
  private static final int RECORD = LogFiles.RECORD_OVERHEAD + PAYLOAD;
  private static final LogOptions SMALL_SEGMENTS = LogOptions.defaults().withSegmentBytes(4096);

  @TempDir
  Path dir;

  @Test
  void aRecordCutMidwayIsCutAtStartAndTheCutIsLogged() throws IOException {
    appendOneByOne(10, LogOptions.defaults());
    Path file = segment(dir, 1);
    LogFiles.cutTo(file, offsetOf(9, PAYLOAD) + 30);

    try (LogCapture logs = new LogCapture(); SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      assertTrue(logs.contains("[store: " + dir + "] log: cut 30 bytes of a torn tail from 00000000000000000001.log"),
          logs.lines().toString());
      assertEquals(9, log.durableSequence());
      assertEquals(10, log.append(payload("again", PAYLOAD)).join());
      assertEquals("again", LogFiles.text(readAll(log).get(9).payload()));
    }
  }

  @Test
  void randomBytesAfterTheLastRecordAreCutExactly() throws IOException {
    appendOneByOne(10, LogOptions.defaults());
    byte[] garbage = new byte[777];
    new Random(7).nextBytes(garbage);
    LogFiles.appendBytes(segment(dir, 1), garbage);

    try (LogCapture logs = new LogCapture(); SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      assertTrue(logs.contains("cut 777 bytes of a torn tail from 00000000000000000001.log"), logs.lines().toString());
      assertEquals(10, readAll(log).size());
      assertEquals(offsetOf(10, PAYLOAD), Files.size(segment(dir, 1)));
    }
  }

  @Test
  void aBatchInterruptedByAPowerCutIsCutEvenWhenItsLastPagesReachedTheDisk() throws IOException {
    appendOneByOne(5, LogOptions.defaults());
    // one batch of 20 (the writer waits for all 20): a power cut while it is forced may leave
    // any of its pages unwritten, say one in the middle
    LogOptions batchesOf20 = LogOptions.defaults().withMaxBatchRecords(20).withMaxBatchDelay(Duration.ofSeconds(10));
    try (SegmentLog log = SegmentLog.open(dir, batchesOf20)) {
      List<CompletableFuture<Long>> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(log.append(payload("batch " + i, PAYLOAD)));
      }
      CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
    }
    long hole = offsetOf(5 + 8, PAYLOAD);
    LogFiles.flipBit(segment(dir, 1), hole + 40);

    try (LogCapture logs = new LogCapture(); SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      assertTrue(logs.contains("cut " + (offsetOf(25, PAYLOAD) - hole) + " bytes of a torn tail"), logs.lines().toString());
      assertEquals(13, log.durableSequence());
    }
  }

  @Test
  void aFlippedBitInAForcedRecordStopsStartAndNamesThePlace() throws IOException {
    appendOneByOne(10, LogOptions.defaults());
    long fifth = offsetOf(4, PAYLOAD);
    LogFiles.flipBit(segment(dir, 1), fifth + 60);

    LogDamagedException refused = assertThrows(LogDamagedException.class, () -> SegmentLog.open(dir, LogOptions.defaults()));

    assertEquals("[store: " + dir + "] log is damaged: 00000000000000000001.log at byte " + fifth + ": " + RECORD
        + " invalid bytes (checksum mismatch) after sequence 4; valid records resume at sequence 6, so sequence 5 is"
        + " lost; run `vertedge store check --data-dir " + dir + "`", refused.getMessage());
  }

  @Test
  void aMissingSegmentStopsStart() throws IOException {
    appendOneByOne(60, SMALL_SEGMENTS);
    // 4 KiB segments of 124-byte records: 32 in each, starting at 1, 33
    assertEquals(List.of(segment(dir, 1), segment(dir, 33)), LogFiles.segments(dir));
    appendOneByOne(20, SMALL_SEGMENTS);
    Files.delete(segment(dir, 33));

    LogDamagedException refused = assertThrows(LogDamagedException.class, () -> SegmentLog.open(dir, SMALL_SEGMENTS));

    assertTrue(refused.getMessage().contains("00000000000000000065.log at byte 20: sequences 33..64 are missing: "
        + "no segment holds them (was a segment file removed?)"), refused.getMessage());
  }

  @Test
  void aNewerFormatIsRefusedWithItsVersion() throws IOException {
    appendOneByOne(3, LogOptions.defaults());
    LogFiles.writeShort(segment(dir, 1), 4, (short) 2);

    LogDamagedException refused = assertThrows(LogDamagedException.class, () -> SegmentLog.open(dir, LogOptions.defaults()));

    assertEquals("[store: " + dir + "] log cannot be read: 00000000000000000001.log written in log format version 2;"
        + " this vertedge reads up to version 1: run the vertedge that wrote it, or a newer one", refused.getMessage());
  }

  @Test
  void anUnreadableSegmentHeaderStopsStart() throws IOException {
    appendOneByOne(3, LogOptions.defaults());
    LogFiles.flipBit(segment(dir, 1), 1);

    LogDamagedException refused = assertThrows(LogDamagedException.class, () -> SegmentLog.open(dir, LogOptions.defaults()));

    assertTrue(refused.getMessage().contains("00000000000000000001.log at byte 0: not a log segment (magic 0x56554C47,"
        + " expected 0x56454C47)"), refused.getMessage());
  }

  @Test
  void aSegmentCreatedButNeverWrittenIsStartedAfresh() throws IOException {
    appendOneByOne(3, LogOptions.defaults());
    Files.write(segment(dir, 4), new byte[7]);

    try (LogCapture logs = new LogCapture(); SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      assertTrue(logs.contains("cut 7 bytes of a torn tail from 00000000000000000004.log"), logs.lines().toString());
      assertEquals(4, log.append(payload("four", PAYLOAD)).join());
      assertEquals(4, readAll(log).size());
    }
  }

  @Test
  void aLogThatWasCutStaysConsistentOverManyRestarts() throws IOException {
    for (int round = 0; round < 5; round++) {
      appendOneByOne(7, SMALL_SEGMENTS);
      Path last = LogFiles.segments(dir).get(LogFiles.segments(dir).size() - 1);
      LogFiles.appendBytes(last, new byte[] {1, 2, 3});
    }
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      List<LogRecord> records = readAll(log);
      assertEquals(35, records.size());
      for (int i = 0; i < records.size(); i++) {
        assertEquals(i + 1, records.get(i).sequence());
      }
    }
  }

  private void appendOneByOne(int count, LogOptions options) throws IOException {
    try (SegmentLog log = SegmentLog.open(dir, options)) {
      for (int i = 0; i < count; i++) {
        log.append(payload("record " + (log.lastSequence() + 1), PAYLOAD)).join();
      }
    }
  }
}
