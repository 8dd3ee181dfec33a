package io.vertedge.load.delivery;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a JVM spent its CPU, from a JFR recording: Java execution samples by thread, by
 * component (the first frame from the top that is not JDK code decides: protobuf, TLS, QUIC,
 * the store's log, Vert.x ...) and by method (self time), the CPU each thread used as JFR
 * measured it (native code included: BoringSSL, fsync) and the collector's pauses.
 * Usage: {@code JfrTop <file.jfr> [lines]}.
 */
public final class JfrTop {

  /** Package prefixes and what they are, the first match wins. */
  private static final String[][] COMPONENTS = {
      {"io.netty.handler.ssl", "TLS (Netty SslHandler, BoringSSL calls)"},
      {"io.netty.internal.tcnative", "TLS (Netty SslHandler, BoringSSL calls)"},
      {"io.netty.handler.codec.quic", "QUIC (Netty quiche codec)"},
      {"io.netty.incubator.codec.quic", "QUIC (Netty quiche codec)"},
      {"io.netty.handler.codec.http.websocketx", "WebSocket framing (Netty)"},
      {"io.netty", "Netty I/O, buffers, pipeline"},
      {"io.vertx", "Vert.x (contexts, futures, executeBlocking)"},
      {"com.google.protobuf", "protobuf encode/decode"},
      {"io.vertedge.link.proto", "protobuf encode/decode"},
      {"io.vertedge.store.log", "store log (writer, cursor, CRC, files)"},
      {"io.vertedge.store.state", "state store (MapDB checkpoint)"},
      {"org.mapdb", "state store (MapDB checkpoint)"},
      {"io.vertedge.link.sync", "sync sender/receiver"},
      {"io.vertedge.link", "link (framing, sessions)"},
      {"io.vertedge.delivery", "delivery (outbox, inbound log)"},
      {"io.vertedge.load", "benchmark producer"},
      {"io.vertedge", "vertedge, other"},
      {"io.opentelemetry", "OpenTelemetry metrics"},
      {"ch.qos.logback", "logging"},
      {"org.slf4j", "logging"},
  };

  private JfrTop() {
  }

  public static void main(String[] args) throws IOException {
    summarize(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 15).forEach(System.out::println);
  }

  static List<String> summarize(Path file, int lines) throws IOException {
    Map<String, Integer> byThread = new HashMap<>();
    Map<String, Integer> byComponent = new HashMap<>();
    Map<String, Integer> byMethod = new HashMap<>();
    Map<String, double[]> cpuByThread = new HashMap<>();
    int samples = 0;
    long gcPauses = 0;
    Duration gcTime = Duration.ZERO;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        String type = event.getEventType().getName();
        switch (type) {
          case "jdk.ExecutionSample" -> {
            samples++;
            long at = event.getStartTime().toEpochMilli();
            first = Math.min(first, at);
            last = Math.max(last, at);
            RecordedThread thread = event.getThread("sampledThread");
            byThread.merge(thread == null ? "?" : thread.getJavaName(), 1, Integer::sum);
            RecordedStackTrace stack = event.getStackTrace();
            if (stack != null && !stack.getFrames().isEmpty()) {
              byMethod.merge(name(stack.getFrames().get(0).getMethod()), 1, Integer::sum);
              byComponent.merge(component(stack.getFrames()), 1, Integer::sum);
            }
          }
          case "jdk.ThreadCPULoad" -> {
            RecordedThread thread = event.getThread("eventThread");
            double[] sum = cpuByThread.computeIfAbsent(thread == null ? "?" : thread.getJavaName(), k -> new double[2]);
            sum[0] += event.getFloat("user") + event.getFloat("system");
            sum[1]++;
          }
          case "jdk.GarbageCollection" -> {
            gcPauses++;
            gcTime = gcTime.plus(event.getDuration("sumOfPauses"));
          }
          default -> { }
        }
      }
    }
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "%s: %d Java execution samples over %.1f s; %d collections, %d ms paused",
        file.getFileName(), samples, samples == 0 ? 0 : (last - first) / 1000.0, gcPauses, gcTime.toMillis()));
    out.add("  CPU by thread (JFR ThreadCPULoad, native code included; cores = share of the machine x cores):");
    int cores = Runtime.getRuntime().availableProcessors();
    cpuByThread.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue()[0] / b.getValue()[1], a.getValue()[0] / a.getValue()[1]))
        .limit(lines)
        .filter(e -> e.getValue()[0] / e.getValue()[1] * cores >= 0.005)
        .forEach(e -> out.add(String.format(Locale.ROOT, "    %5.2f cores  %s", e.getValue()[0] / e.getValue()[1] * cores,
            e.getKey())));
    out.add("  Java samples by thread:");
    top(byThread, samples, lines).forEach(line -> out.add("    " + line));
    out.add("  Java samples by component (first non-JDK frame from the top):");
    top(byComponent, samples, lines).forEach(line -> out.add("    " + line));
    out.add("  Java samples by method (self):");
    top(byMethod, samples, lines).forEach(line -> out.add("    " + line));
    return out;
  }

  private static List<String> top(Map<String, Integer> counts, int total, int lines) {
    return counts.entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
        .limit(lines)
        .map(e -> String.format(Locale.ROOT, "%5.1f %%  %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey()))
        .toList();
  }

  private static String component(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("com.sun.")) {
        continue;
      }
      for (String[] component : COMPONENTS) {
        if (type.startsWith(component[0])) {
          return component[1];
        }
      }
      return "other: " + type;
    }
    return "JDK: " + name(frames.get(0).getMethod());
  }

  private static String name(RecordedMethod method) {
    return method.getType().getName() + "." + method.getName();
  }
}
