package io.vertedge.cli;

import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vertedge store check|repair} on a real store: healthy, damaged, repaired. */
class StoreCommandTest {

  @TempDir Path data;

  @Test
  void checkFindsAFlippedBitRepairMovesItAsideAndTheStoreIsHealthyAgain() throws Exception {
    Path outbox = data.resolve("store/outbox");
    try (SegmentLog log = SegmentLog.open(outbox, LogOptions.defaults().withSegmentBytes(4096))) {
      for (int i = 0; i < 100; i++) {
        log.append(new byte[200]).get();
      }
    }
    assertEquals(Main.OK, run("store", "check", "--data-dir", data.toString()).code());

    Path first;
    try (Stream<Path> segments = Files.list(outbox)) {
      first = segments.filter(p -> p.toString().endsWith(".log")).sorted().findFirst().orElseThrow();
    }
    try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
      file.seek(1000);
      int b = file.read();
      file.seek(1000);
      file.write(b ^ 0x10);
    }

    Result damaged = run("store", "check", "--data-dir", data.toString());
    assertEquals(Main.FAILED, damaged.code(), damaged.out());
    assertTrue(damaged.out().contains("store has problems"), damaged.out());
    assertTrue(damaged.out().contains(first.getFileName().toString()), damaged.out());

    Result repaired = run("store", "repair", "--data-dir", data.toString());
    assertEquals(Main.OK, repaired.code(), repaired.out());
    try (Stream<Path> aside = Files.list(outbox)) {
      assertTrue(aside.anyMatch(p -> p.getFileName().toString().startsWith("damaged-")), "moved aside, not deleted");
    }
    Result again = run("store", "check", "--data-dir", data.toString());
    assertEquals(Main.OK, again.code(), again.out());
    assertTrue(again.out().contains("store is healthy"), again.out());
  }

  @Test
  void storeWithoutDataDirIsAUsageError() {
    assertEquals(Main.USAGE, run("store", "check").code());
  }

  private record Result(int code, String out) { }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out + err.toString());
  }
}
