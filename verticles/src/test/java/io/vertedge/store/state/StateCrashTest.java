package io.vertedge.store.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.vertedge.store.state.MapDbStateStoreTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class StateCrashTest {

  @TempDir
  Path dataDir;

  @Test
  void aKilledWriterLeavesWholeBatchesWithTheMarkThatDescribesThem() throws Exception {
    for (int crash = 1; crash <= 5; crash++) {
      // GIVEN a process applying batches, each with the log position it applies
      long before = markNow();
      Process writer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
          "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), StateWriterProcess.class.getName(), dataDir.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      // WHEN it is killed (SIGKILL) in the middle of its work
      long printed = waitForCommits(writer, 20);
      writer.destroyForcibly().waitFor();
      // THEN the store opens with whole batches only, up to the mark, and at least what was reported
      try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
        long applied = store.mark("log.applied");
        assertTrue(applied >= printed && applied > before, "mark " + applied + " after " + printed + " reported");
        List<String> log = store.entries("log").stream().map(Versioned::key).sorted().toList();
        assertEquals(applied, log.size());
        assertTrue(store.get("log", "entry-" + applied).isPresent());
        for (int twin = 0; twin < StateWriterProcess.TWINS; twin++) {
          assertEquals(new String(bytes(Long.toString(applied)), StandardCharsets.UTF_8),
              new String(store.get("twins", "twin-" + twin).orElseThrow().value(), StandardCharsets.UTF_8));
        }
      }
    }
  }

  private long markNow() {
    try (StateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      return store.mark("log.applied");
    }
  }

  /** Reads the child's reports until it has committed {@code commits} batches; the last one reported. */
  private static long waitForCommits(Process writer, int commits) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
    long last = 0;
    for (int seen = 0; seen < commits; seen++) {
      String line = out.readLine();
      if (line == null) {
        throw new IOException("writer ended after " + seen + " commits");
      }
      last = Long.parseLong(line.substring("applied ".length()));
    }
    return last;
  }
}
