package io.vertedge.store.log;

import static io.vertedge.store.log.LogFiles.payload;
import static io.vertedge.store.log.LogFiles.readAll;
import static io.vertedge.store.log.LogFiles.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertedge.otel.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SegmentLogTest {

  private static final LogOptions SMALL_SEGMENTS = LogOptions.defaults().withSegmentBytes(4096);

  @TempDir
  Path dir;

  @Test
  void aClosedLogDeletesNothingEvenWhenALateTrimOrDropAsks() throws Exception {
    SegmentLog old = SegmentLog.open(dir, SMALL_SEGMENTS);
    for (int i = 0; i < 200; i++) {
      old.append(payload("r" + i, 100)).join();
    }
    old.close();
    try (SegmentLog reopened = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      int segments = reopened.segmentCount();
      assertTrue(segments > 2, "several segments: " + segments);
      assertThrows(IllegalStateException.class, () -> old.trimBefore(150));
      assertThrows(IllegalStateException.class, old::dropOldestSegment);
      assertEquals(segments, reopened.segmentCount());
      assertEquals(200, readAll(reopened).size());
    }
  }

  @Test
  void recordsReadBackAfterARestartAndSequencesContinue() throws IOException {
    long before = System.currentTimeMillis();
    try (SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      assertEquals(1, log.append(payload("one", 10)).join());
      assertEquals(2, log.append(payload("two", 10)).join());
    }
    long after = System.currentTimeMillis();

    try (SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      assertEquals(3, log.append(payload("three", 10)).join());
      List<LogRecord> records = readAll(log);

      assertEquals(List.of(1L, 2L, 3L), records.stream().map(LogRecord::sequence).toList());
      assertEquals(List.of("one", "two", "three"), records.stream().map(r -> text(r.payload())).toList());
      assertTrue(records.get(0).timestampMillis() >= before && records.get(0).timestampMillis() <= after);
      assertEquals(1, log.firstSequence());
      assertEquals(3, log.lastSequence());
    }
  }

  @Test
  void recordsSpanSegmentRollsAndRestarts() throws IOException {
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      for (int i = 1; i <= 60; i++) {
        log.append(payload("record " + i, 200)).join();
      }
      assertTrue(log.segmentCount() > 3, "4 KiB segments hold 16 records of 224 bytes: " + log.segmentCount());
    }
    List<Path> files = LogFiles.segments(dir);
    assertEquals("00000000000000000001.log", files.get(0).getFileName().toString());
    // every record is 224 bytes after a 20-byte header: 18 fit in 4096 bytes
    assertEquals("00000000000000000019.log", files.get(1).getFileName().toString());

    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      log.append(payload("record 61", 200)).join();
      List<LogRecord> records = readAll(log);
      assertEquals(61, records.size());
      for (int i = 0; i < 61; i++) {
        assertEquals(i + 1, records.get(i).sequence());
        assertEquals("record " + (i + 1), text(records.get(i).payload()));
      }
    }
  }

  @Test
  void aRecordLargerThanASegmentGetsOneOfItsOwn() throws IOException {
    byte[] big = payload("big", 10_000);
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      log.append(payload("small", 100)).join();
      log.append(big).join();
      log.append(payload("after", 100)).join();
    }
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      List<LogRecord> records = readAll(log);
      assertArrayEquals(big, records.get(1).payload());
      assertEquals(3, log.segmentCount());
    }
  }

  @Test
  void anAppendIsCompleteOnlyOnceTheRecordIsOnDisk() throws Exception {
    List<CompletableFuture<Long>> appends = new ArrayList<>();
    List<Long> durableWhenCompleted = new ArrayList<>();
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      for (int i = 1; i <= 500; i++) {
        appends.add(log.append(payload("record " + i, 100)).whenComplete((sequence, failure) -> {
          synchronized (durableWhenCompleted) {
            durableWhenCompleted.add(log.durableSequence() - sequence);
          }
        }));
      }
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
      // a copy of the files as they are now, opened as a log of its own: what a crash would leave
      Path copy = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-copy"));
      for (Path segment : LogFiles.segments(dir)) {
        Files.copy(segment, copy.resolve(segment.getFileName()));
      }
      try (SegmentLog copied = SegmentLog.open(copy, SMALL_SEGMENTS)) {
        assertEquals(500, readAll(copied).size());
      }
    }
    assertTrue(durableWhenCompleted.stream().allMatch(ahead -> ahead >= 0),
        "durableSequence had reached every completed record");
  }

  @Test
  void closeWritesWhatIsQueuedAndLaterAppendsFail() throws IOException {
    List<CompletableFuture<Long>> appends = new ArrayList<>();
    SegmentLog log = SegmentLog.open(dir, LogOptions.defaults());
    for (int i = 1; i <= 1000; i++) {
      appends.add(log.append(payload("record " + i, 100)));
    }
    log.close();
    log.close();

    assertTrue(appends.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
    CompletionException refused = assertThrows(CompletionException.class, () -> log.append(payload("late", 10)).join());
    assertInstanceOf(IllegalStateException.class, refused.getCause());
    assertTrue(refused.getCause().getMessage().contains("closed"), refused.getCause().getMessage());
    try (SegmentLog reopened = SegmentLog.open(dir, LogOptions.defaults())) {
      assertEquals(1000, reopened.durableSequence());
    }
  }

  @Test
  void aFailedWriteFailsItsAppendsAndEveryLaterOneUntilTheLogIsReopened() throws IOException {
    // the 19th record needs a new segment, and a directory stands where its file would go
    Path obstacle = Files.createDirectories(LogFiles.segment(dir, 19));
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      for (int i = 1; i <= 18; i++) {
        log.append(payload("record " + i, 200)).join();
      }
      CompletionException failed = assertThrows(CompletionException.class, () -> log.append(payload("19", 200)).join());
      CompletionException later = assertThrows(CompletionException.class, () -> log.append(payload("20", 200)).join());

      assertInstanceOf(IOException.class, failed.getCause());
      assertTrue(later.getCause().getMessage().contains("a write failed earlier; reopen the log"),
          later.getCause().getMessage());
      assertEquals(18, log.durableSequence());
    }
    Files.delete(obstacle);
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      assertEquals(19, log.append(payload("record 19", 200)).join());
      assertEquals(19, readAll(log).size());
    }
  }

  @Test
  void aReaderThatCaughtUpFindsRecordsAppendedLater() throws IOException {
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS);
         LogCursor cursor = log.read(1)) {
      assertNull(cursor.next());
      for (int i = 1; i <= 40; i++) {
        log.append(payload("record " + i, 200)).join();
      }
      for (int i = 1; i <= 40; i++) {
        assertEquals(i, cursor.next().sequence());
      }
      assertNull(cursor.next());
      log.append(payload("record 41", 200)).join();
      assertEquals(41, cursor.next().sequence());
    }
  }

  @Test
  void aReaderStartsAtTheSequenceAsked() throws IOException {
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      for (int i = 1; i <= 50; i++) {
        log.append(payload("record " + i, 200)).join();
      }
      try (LogCursor cursor = log.read(37)) {
        assertEquals("record 37", text(cursor.next().payload()));
      }
    }
  }

  @Test
  void trimmingDeletesOnlySegmentsWhollyBelowTheSequenceAndNeverTheActiveOne() throws IOException {
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      for (int i = 1; i <= 40; i++) {
        log.append(payload("record " + i, 200)).join();
      }
      // segments start at 1, 19 and 37
      assertEquals(3, log.segmentCount());

      log.trimBefore(19);
      assertEquals(List.of(LogFiles.segment(dir, 19), LogFiles.segment(dir, 37)), LogFiles.segments(dir));
      assertEquals(19, log.firstSequence());

      log.trimBefore(36);
      assertEquals(19, log.firstSequence(), "sequence 36 is still held");

      log.trimBefore(1000);
      assertEquals(List.of(LogFiles.segment(dir, 37)), LogFiles.segments(dir));
      assertEquals(37, log.firstSequence());
      assertEquals("record 37", text(readAll(log).get(0).payload()));
      IllegalArgumentException trimmed = assertThrows(IllegalArgumentException.class, () -> log.read(5));
      assertTrue(trimmed.getMessage().contains("sequence 5 was trimmed; the log starts at 37"), trimmed.getMessage());
    }
  }

  @Test
  void sizeSegmentsAndAgeDescribeWhatIsHeld() throws IOException {
    try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
      assertTrue(log.oldestTimestampMillis().isEmpty());
      long before = System.currentTimeMillis();
      for (int i = 1; i <= 40; i++) {
        log.append(payload("record " + i, 200)).join();
      }
      long onDisk = 0;
      for (Path segment : LogFiles.segments(dir)) {
        onDisk += Files.size(segment);
      }
      assertEquals(onDisk, log.sizeBytes());
      assertEquals(3, log.segmentCount());
      long oldest = log.oldestTimestampMillis().orElseThrow();
      assertTrue(oldest >= before && oldest <= System.currentTimeMillis());
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
    try (SegmentLog log = SegmentLog.open(dir, LogOptions.defaults())) {
      IOException refused = assertThrows(IOException.class, () -> SegmentLog.open(dir, LogOptions.defaults()));
      assertTrue(refused.getMessage().contains("already open"), refused.getMessage());
    }
    SegmentLog.open(dir, LogOptions.defaults()).close();
  }

  @Test
  void aBatchThatLingersStillCompletes() throws IOException {
    LogOptions lingering = LogOptions.defaults().withMaxBatchDelay(java.time.Duration.ofMillis(2)).withMaxBatchRecords(8);
    List<CompletableFuture<Long>> appends = new ArrayList<>();
    try (SegmentLog log = SegmentLog.open(dir, lingering)) {
      for (int i = 1; i <= 100; i++) {
        appends.add(log.append(payload("record " + i, 50)));
      }
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
      assertEquals(100, readAll(log).size());
      assertFalse(appends.stream().anyMatch(CompletableFuture::isCompletedExceptionally));
    }
  }

  @Test
  void aDeferredRecordIsForcedWithTheNextRecordThatIsNot() throws Exception {
    LogOptions deferLong = LogOptions.defaults().withMaxDeferral(java.time.Duration.ofHours(1));
    try (Telemetry telemetry = Telemetry.create("vertedge-edge", "test", Map.of());
         SegmentLog log = SegmentLog.open(dir, deferLong, new LogMetrics(telemetry.meter("io.vertedge.store.log"), "state"))) {
      assertEquals(1, log.append(payload("forced at once", 20)).join());
      // GIVEN a deferred record, once the writer waits out its deferral (it would have forced it, were it not deferred)
      CompletableFuture<Long> deferred = log.appendDeferred(payload("deferred", 20));
      awaitWriterWaitingForADeferral();
      assertFalse(deferred.isDone());
      assertEquals(1, log.durableSequence());
      // WHEN a record that is not deferred comes
      assertEquals(3, log.append(payload("not deferred", 20)).join());
      // THEN both are durable, forced once together
      assertEquals(2, deferred.join());
      assertEquals(List.of("forced at once", "deferred", "not deferred"), readAll(log).stream()
          .map(record -> text(record.payload())).toList());
      String scrape = telemetry.scrape();
      assertTrue(scrape.lines().anyMatch("vertedge_store_log_fsync_duration_seconds_count{log=\"state\"} 2"::equals), scrape);
    }
  }

  /** Until a log writer waits with a timeout for the next batch: what it does only while it holds deferred records. */
  private static void awaitWriterWaitingForADeferral() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      boolean waiting = Thread.getAllStackTraces().entrySet().stream().anyMatch(thread ->
          thread.getKey().getName().equals("vertedge-log-writer")
              && thread.getKey().getState() == Thread.State.TIMED_WAITING
              && java.util.Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getMethodName().equals("nextBatch")));
      if (waiting) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    throw new AssertionError("no log writer waits for a deferral");
  }

  @Test
  void aDeferredRecordAloneIsForcedOnceItsDeferralIsOver() throws IOException {
    LogOptions deferShort = LogOptions.defaults().withMaxDeferral(java.time.Duration.ofMillis(20));
    try (SegmentLog log = SegmentLog.open(dir, deferShort)) {
      CompletableFuture<Long> first = log.appendDeferred(payload("deferred 1", 10));
      CompletableFuture<Long> second = log.appendDeferred(payload("deferred 2", 10));
      assertEquals(1, first.join());
      assertEquals(2, second.join());
      assertEquals(2, log.durableSequence());
    }
    // and a closing log forces what it holds deferred
    LogOptions deferLong = LogOptions.defaults().withMaxDeferral(java.time.Duration.ofHours(1));
    CompletableFuture<Long> atClose;
    try (SegmentLog log = SegmentLog.open(dir, deferLong)) {
      atClose = log.appendDeferred(payload("deferred 3", 10));
    }
    assertEquals(3, atClose.join());
    try (SegmentLog log = SegmentLog.open(dir, deferLong)) {
      assertEquals(3, readAll(log).size());
    }
  }
}
