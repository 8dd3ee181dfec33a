package io.vertedge.load.store;

import io.vertedge.store.state.Batch;
import io.vertedge.store.state.MapDbStateStore;
import io.vertedge.store.state.StateMetrics;
import io.vertedge.store.state.StateStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;

/**
 * The edge's state store on this disk: puts/s and commit latency for batches of 1, 100 and
 * 1,000 puts of 256-byte values over 10,000 keys (twins being updated), then raw MapDB commits
 * with and without memory-mapped files, the choice {@link MapDbStateStore} made. Prints the
 * conditions with the numbers. Usage: {@code StateBenchmark [directory on the disk to measure]}
 * (default {@code target/state-benchmark}; not /tmp, which may be in memory); what it writes
 * there is deleted at the end. From the repository root:
 *
 * <pre>
 * ./mvnw -q -o -pl verticles,load-tests -am install -DskipTests
 * nice -n 19 ./mvnw -q -o -pl load-tests exec:java -Dexec.mainClass=io.vertedge.load.store.StateBenchmark
 * </pre>
 */
public final class StateBenchmark {

  private static final int VALUE_SIZE = 256;
  private static final int KEYS = 10_000;
  private static final int[] BATCH_SIZES = {1, 100, 1_000};

  private StateBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Path base = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/state-benchmark"));
    Path runDir = Files.createTempDirectory(base, "run");
    Conditions.print(runDir);
    byte[] value = new byte[VALUE_SIZE];
    new Random(1).nextBytes(value);

    System.out.printf(Locale.ROOT, "%nMapDbStateStore, %d-byte values, %d keys%n", VALUE_SIZE, KEYS);
    System.out.printf(Locale.ROOT, "%8s %9s %10s %10s %12s %12s%n", "batch", "commits", "puts", "puts/s", "commit p50", "commit p99");
    try (StateStore store = MapDbStateStore.open(runDir.resolve("warm-up"), StateMetrics.noop())) {
      run(store, 100, 50, value); // JIT, not printed
    }
    for (int batchSize : BATCH_SIZES) {
      try (StateStore store = MapDbStateStore.open(runDir.resolve("batch-" + batchSize), StateMetrics.noop())) {
        int commits = Math.max(100, Math.min(1_000, 100_000 / batchSize));
        System.out.println(row(batchSize, run(store, batchSize, commits, value)));
      }
    }
    RawMapDb.compare(runDir, value);
    deleteRecursively(runDir);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Commit latencies in nanoseconds, in the order measured, and the total time. */
  record Run(int puts, long[] commitNanos, long totalNanos) { }

  private static Run run(StateStore store, int batchSize, int commits, byte[] value) {
    long[] latencies = new long[commits];
    int key = 0;
    long started = System.nanoTime();
    for (int commit = 0; commit < commits; commit++) {
      Batch batch = new Batch();
      for (int i = 0; i < batchSize; i++) {
        batch.put("twins", "device-" + (key++ % KEYS) + "/temperature", value);
      }
      batch.mark("log.applied", commit + 1L);
      long before = System.nanoTime();
      store.apply(batch);
      latencies[commit] = System.nanoTime() - before;
    }
    return new Run(commits * batchSize, latencies, System.nanoTime() - started);
  }

  static String row(int batchSize, Run run) {
    long[] sorted = run.commitNanos().clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "%8d %9d %10d %10.0f %9.2f ms %9.2f ms", batchSize, sorted.length, run.puts(),
        run.puts() / (run.totalNanos() / 1e9), percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
  }

  static long percentile(long[] sorted, int percent) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
  }

  /** Where and when the numbers were taken: they mean little without it. */
  static final class Conditions {

    static void print(Path dir) throws IOException, InterruptedException {
      System.out.printf(Locale.ROOT, "date %s, %d cores, %s %s (%s), load %s%n", Instant.now(),
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
          System.getProperty("java.vm.version"), System.getProperty("os.arch"),
          Files.readString(Path.of("/proc/loadavg")).trim());
      Process df = new ProcessBuilder("df", "-T", dir.toString()).redirectErrorStream(true).start();
      System.out.print(new String(df.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      df.waitFor();
    }
  }
}
