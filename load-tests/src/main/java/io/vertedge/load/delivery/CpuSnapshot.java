package io.vertedge.load.delivery;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JVM's CPU at one instant: the process's CPU time, the collectors' time, and each Java
 * thread's CPU time (which includes its native code: TLS in BoringSSL, fsync, epoll). What the
 * process used beyond its Java threads is the JVM's own (GC and JIT threads, the VM thread).
 */
final class CpuSnapshot {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long wallNanos;
  private final long processNanos;
  private final long gcMillis;
  private final Map<Long, Long> threadNanos;
  private final Map<Long, String> threadNames;

  private CpuSnapshot(long wallNanos, long processNanos, long gcMillis, Map<Long, Long> threadNanos,
                      Map<Long, String> threadNames) {
    this.wallNanos = wallNanos;
    this.processNanos = processNanos;
    this.gcMillis = gcMillis;
    this.threadNanos = threadNanos;
    this.threadNames = threadNames;
  }

  static CpuSnapshot take() {
    long[] ids = THREADS.getAllThreadIds();
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = THREADS.getThreadCpuTime(ids[i]);
      if (cpu >= 0 && infos[i] != null) {
        nanos.put(ids[i], cpu);
        names.put(ids[i], infos[i].getThreadName());
      }
    }
    long gc = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, collector.getCollectionTime());
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new CpuSnapshot(System.nanoTime(), os.getProcessCpuTime(), gc, nanos, names);
  }

  /** What happened between this snapshot and {@code later}. */
  Usage until(CpuSnapshot later) {
    double wall = later.wallNanos - wallNanos;
    List<ThreadUsage> threads = new ArrayList<>();
    long javaThreads = 0;
    for (Map.Entry<Long, Long> entry : later.threadNanos.entrySet()) {
      long used = entry.getValue() - threadNanos.getOrDefault(entry.getKey(), 0L);
      javaThreads += used;
      threads.add(new ThreadUsage(later.threadNames.get(entry.getKey()), used / wall));
    }
    threads.sort((a, b) -> Double.compare(b.cores(), a.cores()));
    long process = later.processNanos - processNanos;
    return new Usage(process / wall, (process - javaThreads) / wall, later.gcMillis - gcMillis, threads);
  }

  record ThreadUsage(String name, double cores) {
  }

  /**
   * CPU over an interval, in cores (1.0 = one core busy all the time).
   *
   * @param jvmCores what the JVM's own threads used (GC, JIT, VM thread): process minus Java threads
   */
  record Usage(double cores, double jvmCores, long gcMillis, List<ThreadUsage> threads) {

    /** {@code 1.23 cores (GC 120 ms; JVM threads 0.05; vert.x-eventloop-thread-1 0.61, ...)}. */
    String describe(int top) {
      String busiest = threads.stream().filter(t -> t.cores() >= 0.005).limit(top)
          .map(t -> String.format(Locale.ROOT, "%s %.2f", t.name(), t.cores())).collect(Collectors.joining(", "));
      return String.format(Locale.ROOT, "%.2f cores (GC %d ms, JVM's own threads %.2f; %s)", cores, gcMillis,
          jvmCores, busiest);
    }

    /**
     * As {@link #describe}, with threads summed per pool (the name without its number): several
     * Vert.x instances in one JVM each have a {@code vert.x-eventloop-thread-1}.
     */
    String describeByPool() {
      Map<String, Double> pools = new java.util.TreeMap<>();
      threads.forEach(thread -> pools.merge(thread.name().replaceAll("[-#]?\\d+$", ""), thread.cores(), Double::sum));
      String busiest = pools.entrySet().stream().filter(pool -> pool.getValue() >= 0.005)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .map(pool -> String.format(Locale.ROOT, "%s %.2f", pool.getKey(), pool.getValue()))
          .collect(Collectors.joining(", "));
      return String.format(Locale.ROOT, "%.2f cores (JVM's own threads, GC and JIT, %.2f; %s)", cores, jvmCores, busiest);
    }
  }
}
