package io.vertedge.delivery;

import io.vertedge.store.state.Versioned;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILLs a process writing through a state log while its store commits. MapDB 3.1.0 alone does
 * not survive that whole (it never replays its write-ahead log: docs/field-notes.md); the state
 * log, which keeps the last commit's writes and applies them again on open, must.
 */
@Timeout(180)
class StateCrashTest {

  @TempDir
  Path dataDir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aKilledWriterLeavesEveryDurableBatchWholeOnceTheLogIsApplied() throws Exception {
    long before = 0;
    for (int crash = 1; crash <= 5; crash++) {
      // GIVEN a process writing batches through the state log, its store committing each one
      Process writer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
          "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), StateWriterProcess.class.getName(), dataDir.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      // WHEN it is killed (SIGKILL) in the middle of its work
      long durable;
      try {
        durable = waitForDurableBatches(writer, 20);
        // somewhere in the next batch: its force, its puts or its commit
        Thread.sleep(ThreadLocalRandom.current().nextInt(4));
      } finally {
        writer.destroyForcibly().waitFor();
      }
      // THEN, opened as a node opens them, the store holds every batch reported durable, each whole
      try (StateWriterProcess.Opened opened = StateWriterProcess.open(vertx, dataDir)) {
        List<Versioned> log = opened.store().entries("log");
        long last = log.size();
        assertTrue(last >= durable && last > before, last + " batches after " + durable + " were reported durable");
        for (long n = 1; n <= last; n++) {
          assertTrue(opened.store().get("log", "entry-" + n).isPresent(), "batch " + n + " of " + last);
        }
        // the batch after the last may have reached the log in part: a prefix of its twins, in order
        boolean newerBefore = true;
        for (int twin = 0; twin < StateWriterProcess.TWINS; twin++) {
          long value = Long.parseLong(new String(opened.store().get("twins", "twin-" + twin).orElseThrow().value(),
              StandardCharsets.UTF_8));
          boolean newer = value == last + 1;
          assertTrue(value == last || newer && newerBefore, "twin-" + twin + " is " + value + " after batch " + last);
          newerBefore = newer;
        }
        assertEquals(0, opened.writes().pending(), "applied on open");
        before = last;
      }
    }
  }

  /** Reads the child's reports until {@code batches} batches are durable; the last one reported. */
  private static long waitForDurableBatches(Process writer, int batches) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
    long last = 0;
    int seen = 0;
    while (seen < batches) {
      String line = out.readLine();
      if (line == null) {
        throw new IOException("writer ended after " + seen + " durable batches");
      }
      if (line.startsWith("durable ")) { // logging may share the output
        last = Long.parseLong(line.substring("durable ".length()));
        seen++;
      }
    }
    return last;
  }
}
