package io.vertedge.load.store;

import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Durable appends to the store's log: 256-byte records from 1, 4 and 16 producer threads, each
 * keeping a fixed number of appends in flight, plus one producer waiting for each append.
 * Prints appends/s and the append-to-durable latency (p50, p99) with the conditions; medians of
 * the rounds. Every round writes a fresh log in a temporary directory, deleted afterwards.
 * Usage: {@code LogBenchmark [records per round] [rounds] [maxBatchDelay ms] [directory]}.
 */
public final class LogBenchmark {

  private static final int RECORD_BYTES = 256;
  private static final int IN_FLIGHT = 1000;

  private LogBenchmark() {
  }

  /** One round's result. */
  private record Round(double appendsPerSecond, double p50Millis, double p99Millis) {
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Duration delay = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 0);
    Path parent = Path.of(args.length > 3 ? args[3] : System.getProperty("java.io.tmpdir"));
    LogOptions options = LogOptions.defaults().withMaxBatchDelay(delay);

    // warm-up: JIT, not measured
    run(parent, options, 4, IN_FLIGHT, Math.min(records, 200_000));

    System.out.printf(Locale.ROOT, "store log: durable appends of %d-byte records, maxBatchDelay %d ms,"
            + " maxBatchRecords %d, %d MiB segments%n", RECORD_BYTES, delay.toMillis(), options.maxBatchRecords(),
        options.segmentBytes() >> 20);
    System.out.printf(Locale.ROOT, "%d cores, JDK %s, %s, filesystem %s, load before %.2f%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), Instant.now(),
        filesystem(parent), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf(Locale.ROOT, "%-28s %12s %10s %10s   appends/s of each round%n", "", "appends/s", "p50 ms",
        "p99 ms");
    report("1 producer, 1 in flight", parent, options, 1, 1, Math.min(records, 5_000), rounds);
    for (int producers : new int[] {1, 4, 16}) {
      report(producers + " x " + IN_FLIGHT + " in flight", parent, options, producers, IN_FLIGHT, records, rounds);
    }
  }

  private static void report(String name, Path parent, LogOptions options, int producers, int inFlight, int records,
                             int rounds) throws Exception {
    List<Round> results = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      results.add(run(parent, options, producers, inFlight, records));
    }
    System.out.printf(Locale.ROOT, "%-28s %12.0f %10.3f %10.3f   %s%n", name,
        median(results, Round::appendsPerSecond), median(results, Round::p50Millis), median(results, Round::p99Millis),
        results.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.appendsPerSecond())).toList());
  }

  private static Round run(Path parent, LogOptions options, int producers, int inFlight, int records) throws Exception {
    Path dir = Files.createTempDirectory(parent, "vertedge-log-bench");
    long[] latencies = new long[records / producers * producers];
    try (SegmentLog log = SegmentLog.open(dir, options)) {
      List<Thread> threads = new ArrayList<>();
      int each = records / producers;
      long started = System.nanoTime();
      for (int p = 0; p < producers; p++) {
        int first = p * each;
        Thread producer = new Thread(() -> produce(log, inFlight, latencies, first, each), "producer-" + p);
        producer.start();
        threads.add(producer);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      long elapsed = System.nanoTime() - started;
      Arrays.sort(latencies);
      return new Round(latencies.length / (elapsed / 1e9), percentile(latencies, 0.50), percentile(latencies, 0.99));
    } finally {
      deleteRecursively(dir);
    }
  }

  /** Appends {@code count} records, never more than {@code inFlight} unforced; returns when all are durable. */
  private static void produce(SegmentLog log, int inFlight, long[] latencies, int first, int count) {
    Semaphore window = new Semaphore(inFlight);
    byte[] template = "benchmark record".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < count; i++) {
      window.acquireUninterruptibly();
      byte[] payload = Arrays.copyOf(template, RECORD_BYTES);
      int slot = first + i;
      long appended = System.nanoTime();
      log.append(payload).whenComplete((sequence, failure) -> {
        latencies[slot] = System.nanoTime() - appended;
        window.release();
      });
    }
    window.acquireUninterruptibly(inFlight);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(p * sorted.length))] / 1e6;
  }

  private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> value) {
    double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
    return values[values.length / 2];
  }

  private static String filesystem(Path dir) {
    try {
      Process df = new ProcessBuilder("df", "-T", dir.toString()).redirectErrorStream(true).start();
      List<String> lines = new String(df.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      String[] fields = lines.get(lines.size() - 1).trim().split("\\s+");
      return fields[1] + " on " + fields[0] + " (" + dir + ")";
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
