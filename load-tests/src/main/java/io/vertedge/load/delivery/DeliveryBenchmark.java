package io.vertedge.load.delivery;

import io.vertedge.link.proto.Envelope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Accepted, durable edge-to-cloud events over one link: the product's cloud in this JVM, the
 * product's edge with a producer at the door of its outbox in a second JVM ({@link EdgeLoad};
 * or in this JVM on a Vert.x instance of its own with {@code --one-jvm}), each with its data
 * under the work directory; one transport after the other. Per round: events accepted per
 * second (futures completed: durable at the edge), acknowledged per second (the cloud's acks
 * seen by the edge: durable at the cloud), and the latency of each event from the accept call
 * to both; CPU of both JVMs. Prints the medians of the rounds with the conditions, and checks
 * that the cloud got every event once, in order.
 *
 * <p>Usage: {@code DeliveryBenchmark [messages] [rounds] [--transports websocket,quic]
 * [--windows accepted,acked] [--in-flight 2000] [--payload 256] [--warmup N] [--warmup-seconds 30] [--work DIR] [--edge-java "opts"] [--one-jvm]
 * [--profile]}.
 */
public final class DeliveryBenchmark {

  private static final String[] METRICS = {"accepted_per_s", "acked_per_s", "durable_p50_ms", "durable_p99_ms",
      "durable_max_ms", "acked_p50_ms", "acked_p99_ms", "acked_max_ms", "edge_cores", "cloud_cores"};

  /** What the cloud received from one node: counted, and checked to come in sequence order without gaps. */
  private static final class Received {
    private long count;
    private long lastSequence;
    private long outOfOrder;

    synchronized void add(Envelope envelope) {
      count++;
      if (lastSequence != 0 && envelope.getSequence() != lastSequence + 1) {
        outOfOrder++;
      }
      lastSequence = envelope.getSequence();
    }

    synchronized String check(long expected) {
      boolean ok = count == expected && outOfOrder == 0;
      return (ok ? "ok" : "FAILED") + ": received " + count + " of " + expected + " accepted events, "
          + outOfOrder + " out of sequence (a gap or a duplicate)";
    }
  }

  private final Map<String, Received> received = new ConcurrentHashMap<>();
  private final Map<String, List<Map<String, Double>>> rounds = new LinkedHashMap<>();
  private final List<String> checks = new ArrayList<>();
  private final boolean oneJvm;
  private final Path work;
  private CpuSnapshot roundStart;
  private String window;
  private jdk.jfr.Recording recording;

  private DeliveryBenchmark(boolean oneJvm, Path work) {
    this.oneJvm = oneJvm;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Args parsed = Args.parse(args, Set.of("--one-jvm", "--profile"));
    List<String> positional = parsed.positional();
    Map<String, String> named = parsed.named();
    int messages = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 1_000_000;
    int roundCount = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 3;
    List<String> transports = List.of(named.getOrDefault("--transports", "websocket,quic").split(","));
    List<String> windows = List.of(named.getOrDefault("--windows", "accepted,acked").split(","));
    int inFlight = Integer.parseInt(named.getOrDefault("--in-flight", "2000"));
    int payload = Integer.parseInt(named.getOrDefault("--payload", "256"));
    int warmup = Integer.parseInt(named.getOrDefault("--warmup", Integer.toString(Math.min(messages, 200_000))));
    int warmupSeconds = Integer.parseInt(named.getOrDefault("--warmup-seconds", "30"));
    boolean oneJvm = named.containsKey("--one-jvm");
    boolean profile = named.containsKey("--profile");
    String edgeJava = named.getOrDefault("--edge-java", "-Xms1g -Xmx1g -XX:+UseParallelGC");
    Path work = named.containsKey("--work") ? Path.of(named.get("--work")) : Files.createTempDirectory("vertedge-delivery");
    Files.createDirectories(work);

    System.out.println("delivery throughput: accepted, durable edge->cloud events over one link");
    System.out.println("conditions: " + Conditions.machine(work));
    System.out.println("load before: " + Conditions.load());
    System.out.printf(Locale.ROOT, "placement: %s; %d rounds of %,d events after warm-up runs of %,d for at least %d s,"
            + " per transport and window; %d in flight; content %d B%n",
        oneJvm ? "ONE JVM (cloud and edge on separate Vert.x instances, so separate event loops)"
            : "two JVMs: the cloud (this one) and the edge + producer (" + edgeJava + ")",
        roundCount, messages, warmup, warmupSeconds, inFlight, payload);
    System.out.println("windows: " + windows + "; accepted = the producer keeps " + inFlight + " accept futures"
        + " outstanding (the door as fast as the outbox takes events; the outbox may grow); acked = it keeps " + inFlight
        + " events not yet acknowledged by the cloud (closed loop end to end)");

    DeliveryBenchmark benchmark = new DeliveryBenchmark(oneJvm, work);
    try (LocalCloud cloud = new LocalCloud(work.resolve("cloud"), benchmark::upstream)) {
      for (String transport : transports) {
        EdgeLoad.Options options = new EdgeLoad.Options(work.resolve("edge-" + transport), cloud.joinAddress(),
            cloud.token(), transport, windows, messages, roundCount, warmup, warmupSeconds, inFlight, payload,
            profile ? work : null);
        benchmark.runEdge(options, edgeJava, profile);
      }
    }
    benchmark.report(transports, windows, profile);
    System.out.println("load after: " + Conditions.load());
    System.out.println("work dir: " + work);
    System.exit(benchmark.checks.stream().allMatch(c -> c.contains(": ok")) ? 0 : 1);
  }

  private void upstream(String node, Envelope envelope) {
    received.computeIfAbsent(node, n -> new Received()).add(envelope);
  }

  private void runEdge(EdgeLoad.Options options, String edgeJava, boolean profile) throws Exception {
    System.out.println("--- " + options.transport());
    if (oneJvm) {
      EdgeLoad.run(options, line -> onLine(line, options, profile));
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(edgeJava.trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), EdgeLoad.class.getName()));
    command.addAll(options.toArgs());
    Path log = work.resolve("edge-" + options.transport() + ".log");
    Process edge = new ProcessBuilder(command).redirectError(log.toFile()).start();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(edge.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        onLine(line, options, profile);
      }
    } finally {
      if (!edge.waitFor(60, TimeUnit.SECONDS)) {
        edge.destroyForcibly();
      }
    }
    if (edge.exitValue() != 0) {
      throw new IllegalStateException("the edge JVM exited " + edge.exitValue() + "; see " + log);
    }
  }

  private void onLine(String line, EdgeLoad.Options options, boolean profile) {
    if (line.startsWith("START ")) {
      window = line.split(" ")[2];
      if (profile && recording == null) {
        try {
          recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        } catch (IOException | java.text.ParseException e) {
          throw new IllegalStateException(e);
        }
        recording.start();
      }
      roundStart = CpuSnapshot.take();
    } else if (line.startsWith("RESULT ")) {
      CpuSnapshot.Usage cpu = roundStart.until(CpuSnapshot.take());
      Map<String, Double> values = new HashMap<>();
      for (String pair : line.substring("RESULT ".length()).split(" ")) {
        String[] kv = pair.split("=", 2);
        try {
          values.put(kv[0], Double.parseDouble(kv[1]));
        } catch (NumberFormatException notANumber) {
          // the transport's name
        }
      }
      values.put("cloud_cores", cpu.cores());
      rounds.computeIfAbsent(options.transport() + " " + window, t -> new ArrayList<>()).add(values);
      System.out.println("  " + line);
      System.out.println("  " + (oneJvm ? "PROCESS" : "CLOUD") + " round " + values.get("round").intValue() + " CPU: "
          + cpu.describe(8));
      if (profile && values.get("round").intValue() == options.rounds()) {
        Path file = work.resolve("cloud-" + options.transport() + "-" + window + ".jfr");
        try {
          recording.stop();
          recording.dump(file);
          recording.close();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        recording = null;
        System.out.println("  CLOUD profile of the measured rounds: " + file);
      }
    } else if (line.startsWith("TOTAL ")) {
      Map<String, String> total = new HashMap<>();
      for (String pair : line.substring("TOTAL ".length()).split(" ")) {
        String[] kv = pair.split("=", 2);
        total.put(kv[0], kv[1]);
      }
      String check = options.transport() + " " + received.getOrDefault(total.get("node"), new Received())
          .check(Long.parseLong(total.get("accepted")));
      checks.add(check);
      System.out.println("  cloud check, " + check);
    } else {
      System.out.println("  " + line);
    }
  }

  private void report(List<String> transports, List<String> windows, boolean profile) throws IOException {
    System.out.println();
    System.out.println("medians of the rounds; latency from the accept call to: 'durable' = its future completed"
        + " (durable at the edge), 'acked' = the cloud's ack seen at the edge (durable at the cloud)");
    System.out.printf(Locale.ROOT, "%-19s %11s %11s %9s %9s %9s %9s %9s %9s %5s %5s   acked/s of each round%n",
        "transport, window", "accepted/s", "acked/s", "dur p50", "dur p99", "dur max", "ack p50", "ack p99", "ack max",
        "edge", "cloud");
    for (String window : windows) {
      for (String transport : transports) {
        List<Map<String, Double>> runs = rounds.getOrDefault(transport + " " + window, List.of());
        if (runs.isEmpty()) {
          continue;
        }
        double[] m = new double[METRICS.length];
        for (int i = 0; i < METRICS.length; i++) {
          m[i] = median(runs, METRICS[i]);
        }
        System.out.printf(Locale.ROOT,
            "%-19s %11.0f %11.0f %7.1fms %7.1fms %7.1fms %7.1fms %7.1fms %7.1fms %5.2f %5.2f   %s%n",
            transport + ", " + window, m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9],
            runs.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.get("acked_per_s"))).toList());
      }
    }
    System.out.println("(edge, cloud: CPU of each JVM in cores during the round" + (oneJvm ? "; one JVM: both the same" : "")
        + ")");
    for (String window : windows) {
      for (String transport : transports) {
        List<Map<String, Double>> runs = rounds.getOrDefault(transport + " " + window, List.of());
        if (!runs.isEmpty()) {
          double acked = median(runs, "acked_per_s");
          System.out.printf(Locale.ROOT, "target >= 50,000 events/s acknowledged by the cloud, %s, window %s: %s (%.0f)%n",
              transport, window, acked >= 50_000 ? "met" : "MISSED", acked);
        }
      }
    }
    checks.forEach(check -> System.out.println("cloud check, " + check));
    if (profile) {
      for (String transport : transports) {
        for (String window : windows) {
          for (String side : List.of("edge", "cloud")) {
            Path file = work.resolve(side + "-" + transport + "-" + window + ".jfr");
            if (Files.exists(file)) {
              System.out.println();
              System.out.println(side.toUpperCase(Locale.ROOT) + ", " + transport + ", window " + window + ":");
              JfrTop.summarize(file, 15).forEach(System.out::println);
            }
          }
        }
      }
    }
  }

  private static double median(List<Map<String, Double>> runs, String key) {
    double[] values = runs.stream().mapToDouble(r -> r.getOrDefault(key, Double.NaN)).sorted().toArray();
    return values[values.length / 2];
  }
}
