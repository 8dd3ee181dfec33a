package io.vertedge.store.log;

import static io.vertedge.store.log.LogFiles.payload;
import static io.vertedge.store.log.LogFiles.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ConcurrentAppendTest {

  private static final int THREADS = 8;
  private static final int PER_THREAD = 6_250;
  private static final int TOTAL = THREADS * PER_THREAD;

  @TempDir
  Path dir;

  @Test
  void eightAppendersGetEverySequenceOnceAndTheFileHoldsWhatEachWasTold() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try (SegmentLog log = SegmentLog.open(dir, LogOptions.defaults().withSegmentBytes(256 << 10))) {
      // a reader follows the appenders, as the outbox drain does
      Future<List<LogRecord>> followed = pool.submit(() -> follow(log));
      List<Future<List<CompletableFuture<Long>>>> appenders = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        appenders.add(pool.submit(() -> {
          List<CompletableFuture<Long>> appends = new ArrayList<>(PER_THREAD);
          for (int i = 0; i < PER_THREAD; i++) {
            appends.add(log.append(payload("t" + thread + "-" + i, 64)));
          }
          return appends;
        }));
      }

      Map<Long, String> toldSequences = new HashMap<>();
      for (int t = 0; t < THREADS; t++) {
        List<CompletableFuture<Long>> appends = appenders.get(t).get();
        long previous = 0;
        for (int i = 0; i < PER_THREAD; i++) {
          long sequence = appends.get(i).join();
          assertTrue(sequence > previous, "one appender's records keep their order");
          previous = sequence;
          assertEquals(null, toldSequences.put(sequence, "t" + t + "-" + i), "sequence " + sequence + " handed out twice");
        }
      }
      assertEquals(TOTAL, toldSequences.size());
      assertEquals(TOTAL, log.durableSequence());

      List<LogRecord> records = followed.get();
      for (int s = 1; s <= TOTAL; s++) {
        LogRecord record = records.get(s - 1);
        assertEquals(s, record.sequence());
        assertEquals(toldSequences.get((long) s), text(record.payload()));
      }
      assertTrue(log.segmentCount() > 10, "the appends rolled segments: " + log.segmentCount());
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<LogRecord> follow(SegmentLog log) throws Exception {
    List<LogRecord> records = new ArrayList<>(TOTAL);
    try (LogCursor cursor = log.read(1)) {
      while (records.size() < TOTAL) {
        LogRecord record = cursor.next();
        if (record == null) {
          Thread.onSpinWait();
        } else {
          records.add(record);
        }
      }
    }
    return records;
  }
}
