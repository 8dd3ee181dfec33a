package io.vertedge.load.delivery;

import io.vertedge.link.proto.Envelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The delivery promise under SIGKILL, many times over: the product's cloud in this JVM (started
 * once), and N times an edge JVM ({@link KillProducer}, one data directory kept across all
 * trials) that links, accepts a random number of events while linked (its producer starts once
 * the link is up), and is killed with SIGKILL as soon as that many {@code accepted} lines
 * arrived (and, in half the trials, once the cloud got one of that run's own events: mid-stream);
 * then a last edge run drains the outbox. Every event whose accept future succeeded
 * (a complete {@code accepted <id>} line from the edge) must reach the cloud exactly once.
 * Prints {@code trials N, accepted A, delivered D, lost L, duplicated X} and the wall time;
 * exits 1 if anything was lost or duplicated or a trial failed.
 *
 * <p>Usage: {@code Kill9Harness [trials=100] [--transport websocket|quic|alternate]
 * [--max-accepts 10000] [--rate 10000] [--cds true|false] [--seed 1] [--work DIR] [--edge-java "opts"]}.
 */
public final class Kill9Harness {

  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final AtomicIntegerArray receivedByTrial;

  private Kill9Harness(int trials) {
    receivedByTrial = new AtomicIntegerArray(trials + 2);
  }

  public static void main(String[] args) throws Exception {
    Args parsed = Args.parse(args, Set.of());
    List<String> positional = parsed.positional();
    Map<String, String> named = parsed.named();
    int trials = positional.isEmpty() ? 100 : Integer.parseInt(positional.get(0));
    String transport = named.getOrDefault("--transport", "alternate");
    int maxAccepts = Integer.parseInt(named.getOrDefault("--max-accepts", "10000"));
    int rate = Integer.parseInt(named.getOrDefault("--rate", "10000"));
    boolean cds = Boolean.parseBoolean(named.getOrDefault("--cds", "false"));
    long seed = Long.parseLong(named.getOrDefault("--seed", "1"));
    String edgeJava = named.getOrDefault("--edge-java", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m");
    Path work = named.containsKey("--work") ? Path.of(named.get("--work")) : Files.createTempDirectory("vertedge-kill9");
    Files.createDirectories(work);
    System.exit(new Kill9Harness(trials).run(trials, transport, maxAccepts, rate, seed, edgeJava, cds, work));
  }

  private int run(int trials, String transport, int maxAccepts, int rate, long seed, String edgeJava, boolean cds,
                  Path work) throws Exception {
    long started = System.nanoTime();
    System.out.println("kill -9 harness: " + trials + " trials, transport " + transport + ", 1.." + maxAccepts
        + " accepted events per trial at " + (rate > 0 ? rate + " accepts/s" : "full speed") + ", seed " + seed);
    System.out.println("conditions: " + Conditions.machine(work));
    System.out.println("edge JVM: " + edgeJava + "; load before: " + Conditions.load());
    Random random = new Random(seed);
    Set<String> accepted = new HashSet<>();
    int failedTrials = 0;
    int cutLines = 0;
    long killedAtMillis = 0;
    try (LocalCloud cloud = new LocalCloud(work.resolve("cloud"), this::upstream)) {
      String token = cloud.token();
      if (cds) {
        // one edge run that exits normally dumps the classes it loaded; later runs map them instead of loading them
        Path archive = work.resolve("edge.jsa");
        Edge first = Edge.start(edgeJava + " -XX:ArchiveClassesAtExit=" + archive, work, cloud.joinAddress(), token,
            transportOf(transport, 1), "idle", 0, 0);
        poll(60_000, () -> first.drained || !first.process.isAlive());
        first.process.destroy();
        first.process.waitFor(60, TimeUnit.SECONDS);
        if (Files.exists(archive)) {
          edgeJava = edgeJava + " -XX:SharedArchiveFile=" + archive;
        }
        System.out.println("class data sharing: " + (Files.exists(archive) ? archive : "no archive was written"));
      }
      for (int trial = 1; trial <= trials; trial++) {
        String via = transportOf(transport, trial);
        int wanted = 1 + random.nextInt(maxAccepts);
        long t0 = System.nanoTime();
        Edge edge = Edge.start(edgeJava, work, cloud.joinAddress(), token, via, "produce", trial, rate);
        // the producer starts once the edge is linked: every accepted event was accepted while linked. Half the
        // trials are killed as soon as `wanted` events were accepted (most often while the edge still resends what
        // earlier runs left), the other half once the cloud also got one of this run's own events (mid-stream)
        boolean midStream = random.nextBoolean();
        int current = trial;
        boolean ready = poll(60_000, () -> (edge.lines.size() >= wanted && (!midStream || receivedByTrial.get(current) > 0))
            || !edge.process.isAlive());
        boolean diedByItself = !edge.process.isAlive();
        edge.kill();
        accepted.addAll(edge.lines);
        cutLines += edge.cutLine ? 1 : 0;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        killedAtMillis += ms;
        String outcome = diedByItself ? "FAILED: the edge exited by itself (exit " + edge.process.exitValue() + ", see "
            + edge.stderr + ")" : ready ? "killed" : "FAILED: not linked and producing after 60 s (see " + edge.stderr + ")";
        if (!outcome.equals("killed")) {
          failedTrials++;
        }
        long producedMs = edge.firstLineAt == 0 ? 0 : (edge.killedAt - edge.firstLineAt) / 1_000_000;
        System.out.printf(Locale.ROOT, "trial %3d %-9s %-10s wanted %5d, accepted %5d in %4d ms, cloud got %5d of them"
                + " before the kill and holds %6d of %6d accepted so far; edge ran %5d ms; %s%n", trial, via,
            midStream ? "mid-stream" : "at count", wanted,
            edge.lines.size(), producedMs, receivedByTrial.get(trial), accepted.size() - missing(accepted), accepted.size(),
            ms, outcome);
      }
      System.out.println("draining: an idle edge until its outbox is acknowledged and the cloud holds every accepted"
          + " event");
      long drainStart = System.nanoTime();
      Edge drain = Edge.start(edgeJava, work, cloud.joinAddress(), token, transportOf(transport, trials + 1), "idle",
          trials + 1, 0);
      boolean drained = poll(180_000, () -> (drain.drained && missing(accepted) == 0) || !drain.process.isAlive());
      // then a quiet spell, so that a late resend would show up as a duplicate
      int quietFrom = totalReceptions();
      Thread.sleep(3000);
      int lateReceptions = totalReceptions() - quietFrom;
      drain.process.destroy();
      drain.process.waitFor(30, TimeUnit.SECONDS);
      long drainMs = (System.nanoTime() - drainStart) / 1_000_000;

      long lost = missing(accepted);
      long delivered = accepted.size() - lost;
      long duplicated = received.values().stream().filter(count -> count.get() > 1).count();
      long unconfirmed = received.keySet().stream().filter(id -> !accepted.contains(id)).count();
      long wallMs = (System.nanoTime() - started) / 1_000_000;
      System.out.printf(Locale.ROOT, "drain: %s in %d ms (drain edge exit %d); %d receptions in the 3 s after%n",
          drained ? "complete" : "INCOMPLETE", drainMs, drain.process.exitValue(), lateReceptions);
      System.out.printf(Locale.ROOT, "also received: %d events durable at the edge whose 'accepted' line the SIGKILL cut"
              + " or never let out (promised to no one, delivered once); %d cut last lines ignored; %d failed trials;"
              + " edges ran %.1f s on average until the kill%n", unconfirmed, cutLines, failedTrials,
          killedAtMillis / 1000.0 / trials);
      System.out.println("load after: " + Conditions.load() + "; work dir " + work);
      System.out.printf(Locale.ROOT, "trials %d, accepted %d, delivered %d, lost %d, duplicated %d%n", trials,
          accepted.size(), delivered, lost, duplicated);
      System.out.printf(Locale.ROOT, "wall time %.1f s%n", wallMs / 1000.0);
      return lost == 0 && duplicated == 0 && failedTrials == 0 && drained ? 0 : 1;
    }
  }

  private void upstream(String node, Envelope envelope) {
    String id = envelope.getId();
    received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    int dash = id.indexOf('-');
    if (id.startsWith("t") && dash > 1) {
      int trial = Integer.parseInt(id.substring(1, dash));
      if (trial < receivedByTrial.length()) {
        receivedByTrial.incrementAndGet(trial);
      }
    }
  }

  private long missing(Set<String> accepted) {
    return accepted.stream().filter(id -> !received.containsKey(id)).count();
  }

  private int totalReceptions() {
    return received.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private static String transportOf(String transport, int trial) {
    return "alternate".equals(transport) ? (trial % 2 == 1 ? "websocket" : "quic") : transport;
  }

  private static boolean poll(long timeoutMillis, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (done.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return done.getAsBoolean();
  }

  /** One edge JVM, its complete stdout lines read as they come. */
  private static final class Edge {
    private final Process process;
    private final Path stderr;
    private final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private volatile boolean cutLine;
    private volatile long firstLineAt;
    private volatile long killedAt;
    private volatile boolean drained;

    private Edge(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      this.reader = new Thread(this::read, "edge-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static Edge start(String edgeJava, Path work, String join, String token, String transport, String mode, int trial,
                      int rate) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(Arrays.asList(edgeJava.trim().split("\\s+")));
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), KillProducer.class.getName(),
          work.resolve("edge").toString(), join, token, transport, mode, "t" + trial, Integer.toString(rate)));
      Path stderr = work.resolve("edge-" + trial + ".err");
      return new Edge(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
    }

    /** SIGKILL (destroyForcibly on Unix), then what it wrote until then. */
    void kill() throws InterruptedException {
      killedAt = System.nanoTime();
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      reader.join(30_000);
    }

    /** Only lines ended by a newline count: one cut by the SIGKILL is no promise. */
    private void read() {
      try (InputStream in = process.getInputStream()) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        int n;
        while ((n = in.read(buffer)) > 0) {
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              String text = line.toString(StandardCharsets.UTF_8);
              if (text.equals("drained")) {
                drained = true;
              } else if (text.startsWith("accepted ")) {
                if (firstLineAt == 0) {
                  firstLineAt = System.nanoTime();
                }
                lines.add(text.substring("accepted ".length()));
              }
              line.reset();
            } else {
              line.write(buffer[i]);
            }
          }
        }
        cutLine = line.size() > 0;
      } catch (IOException e) {
        // the pipe closes with the process
      }
    }
  }
}
