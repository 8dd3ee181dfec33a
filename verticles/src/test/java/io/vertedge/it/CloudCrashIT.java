package io.vertedge.it;

import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.config.EdgeConfig;
import io.vertedge.link.Link;
import io.vertedge.link.proto.Envelope;
import io.vertedge.otel.Telemetry;
import io.vertedge.pki.JoinToken;
import io.vertedge.runtime.EdgeRuntime;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise for state under SIGKILL of the cloud: a cloud JVM ({@link CloudProducer})
 * publishing state to a linked edge is killed 20 times mid-stream and started again on the
 * same store and ports. The edge, in this JVM and running throughout, ends up with, for every
 * key, a value at least as new as the newest one whose publish future succeeded; and, its
 * store read every few milliseconds all along, no key's value ever goes back to an older one.
 *
 * <p>Each next cloud JVM is started while the current one publishes and waits warm on standby
 * (see {@link CloudProducer}): the cloud is back about a second after each kill, as a service
 * manager would bring it back, and the edge relinks within its first redials.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CloudCrashIT {

  private static final int KILLS = 20;
  private static final long SEED = 11;
  private static final String NODE = "crash-edge";
  /** Cloud run r publishes values from {@code r × RUN_STRIDE}: they only grow across runs too. */
  private static final long RUN_STRIDE = 1_000_000_000L;
  private static final String VALUE = "value ";
  private static final String ACCEPTED = "accepted ";
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Kept when the test fails: the stores, and each cloud's stdout and stderr, are the evidence. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp;
  private final Launcher.CloudPorts ports = Launcher.CloudPorts.fixed();
  private final List<Process> children = new ArrayList<>();
  private Vertx vertx;
  private Telemetry telemetry;
  private EdgeRuntime edge;

  /** The newest value of each key read from the edge's store, and every time one went back. */
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final List<String> regressions = new CopyOnWriteArrayList<>();
  private final AtomicLong reads = new AtomicLong();
  private final CountDownLatch watcherStopped = new CountDownLatch(1);
  private volatile boolean watching;
  private volatile String running = "no cloud yet";
  private Cloud archiving;

  /**
   * One cloud JVM and the file its stdout goes to, read as it grows: complete lines only (a line
   * cut by SIGKILL is no promise), and each byte once (a run prints up to ~150,000 lines).
   */
  private static final class Cloud {
    private final String name;
    private final Process process;
    private final Path out;
    private final List<String> said = new ArrayList<>();
    private final Map<String, Long> newestAccepted = new TreeMap<>();
    private long offset;
    private int accepted;

    Cloud(String name, Process process, Path out) {
      this.name = name;
      this.process = process;
      this.out = out;
    }

    String name() {
      return name;
    }

    Process process() {
      return process;
    }

    Path out() {
      return out;
    }

    /** How many publishes it said it accepted so far. */
    synchronized int accepted() {
      readOn();
      return accepted;
    }

    /** The newest value it said it accepted for each key. */
    synchronized Map<String, Long> newestAccepted() {
      readOn();
      return new TreeMap<>(newestAccepted);
    }

    /** Every other line it printed so far. */
    synchronized List<String> said() {
      readOn();
      return List.copyOf(said);
    }

    private void readOn() {
      try (FileChannel channel = FileChannel.open(out, StandardOpenOption.READ)) {
        long size = channel.size();
        if (size <= offset) {
          return;
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size - offset, 64 << 20));
        channel.read(bytes, offset);
        int end = bytes.position() - 1;
        while (end >= 0 && bytes.get(end) != '\n') {
          end--;
        }
        if (end < 0) {
          return;
        }
        offset += end + 1;
        new String(bytes.array(), 0, end + 1, StandardCharsets.UTF_8).lines().forEach(this::take);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + out, e);
      }
    }

    private void take(String line) {
      if (line.startsWith(ACCEPTED)) {
        int space = line.indexOf(' ', ACCEPTED.length());
        newestAccepted.merge(line.substring(ACCEPTED.length(), space), Long.parseLong(line.substring(space + 1)),
            Math::max);
        accepted++;
      } else {
        said.add(line);
      }
    }
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    telemetry = Telemetry.create("vertedge-edge", BuildInfo.current().version(), Map.of());
  }

  @AfterEach
  void stop() throws InterruptedException {
    watching = false;
    for (Process child : children) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (edge != null) {
      edge.stop().await();
    }
    vertx.close().await();
    telemetry.close();
  }

  @Test
  void killingTheCloudWithSigkillNeitherLosesTheNewestValueOfAKeyNorSendsAnOlderOneAfterIt() throws Exception {
    Random random = new Random(SEED);
    Map<String, Long> accepted = new TreeMap<>();
    long acceptedPublishes = 0;
    Link previousLink = null;
    Cloud next = startCloud(0);
    archiving = startArchiving();
    for (int run = 0; run < KILLS; run++) {
      Cloud cloud = next;
      go(cloud);
      if (edge == null) {
        await(cloud, "ready");
        // the first cloud made its CA; the edge joins with a token from it, as `vertedge cloud token` mints it
        String token = JoinToken.mintFromDataDir(tmp.resolve("cloud"), Duration.ofMinutes(30));
        edge = EdgeRuntime.start(vertx, edgeConfig(), telemetry, Optional.of(token)).await();
        watching = true;
        vertx.runOnContext(v -> watch());
      }
      next = startCloud(run + 1);
      // the cloud lost nothing it accepted before this kill: it holds that value of each key, or a newer one
      Map<String, String> lost = behind(accepted, held(cloud));
      assertEquals(Map.of(), lost, cloud.name() + " no longer holds these accepted values (after SIGKILL " + run + ")");

      Link before = previousLink;
      Poll.until(WAIT, () -> "the edge linked to " + cloud.name() + "\n" + err(cloud),
          () -> edge.link().filter(link -> link != before).isPresent() || !cloud.process().isAlive());
      Link link = edge.link().orElse(null);
      long receivedBefore = edge.delivery().stateReceived();
      Poll.until(WAIT, () -> cloud.name() + " sends state to the edge\n" + err(cloud),
          () -> edge.delivery().stateReceived() > receivedBefore || !cloud.process().isAlive());
      await(next, "standby");
      // the kill point: a seeded number of publishes further on, while the link carries state
      int wanted = cloud.accepted() + random.nextInt(1_000);
      Poll.until(WAIT, () -> cloud.name() + " accepts " + wanted + " publishes\n" + err(cloud),
          () -> cloud.accepted() >= wanted || !cloud.process().isAlive());
      assertTrue(cloud.process().isAlive(), () -> cloud.name() + " died by itself\n" + err(cloud));
      cloud.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

      assertTrue(cloud.accepted() > 0, () -> cloud.name() + " accepted something\n" + err(cloud));
      cloud.newestAccepted().forEach((key, value) -> accepted.merge(key, value, Math::max));
      acceptedPublishes += cloud.accepted();
      previousLink = link;
    }

    Cloud idle = next;
    go(idle);
    Map<String, Long> held = held(idle);
    Poll.until(Duration.ofSeconds(60), () -> "the edge holds what the cloud holds; differing: " + differing(held)
        + "\n" + err(idle), () -> differing(held).isEmpty() || !idle.process().isAlive());
    stopWatching();

    System.out.printf("CloudCrashIT: %d SIGKILLs of the cloud (seed %d), %d keys, %d publishes accepted, "
        + "%d final values checked, %d accepted values lost by the cloud, %d keys differing on the edge, "
        + "%d reads of the edge's state, %d regressions (class-data archive: %s)%n",
        KILLS, SEED, accepted.size(), acceptedPublishes, seen.size(), behind(accepted, held).size(),
        differing(held).size(), reads.get(), regressions.size(), sharedArchive().isEmpty() ? "none" : "used");
    assertEquals(CloudProducer.KEYS, accepted.size(), "keys accepted");
    assertEquals(Map.of(), behind(accepted, held), "keys whose newest accepted value the cloud no longer holds");
    assertEquals(Map.of(), differing(held), "keys whose value on the edge is not the cloud's");
    assertEquals(Map.of(), behind(accepted, seen), "keys whose newest accepted value did not reach the edge");
    assertEquals(0, regressions.size(), () -> regressions.size() + " times a value on the edge went back to an older "
        + "one; the first: " + regressions.subList(0, Math.min(20, regressions.size())));
    assertEquals(accepted.keySet(), new TreeMap<>(seen).keySet(), "the edge holds exactly the keys published");
  }

  /** Keys whose value in {@code holder} is older than the newest accepted, with both values. */
  private static Map<String, String> behind(Map<String, Long> accepted, Map<String, Long> holder) {
    Map<String, String> behind = new TreeMap<>();
    accepted.forEach((key, value) -> {
      Long held = holder.get(key);
      if (held == null || held < value) {
        behind.put(key, held + " < accepted " + value);
      }
    });
    return behind;
  }

  /** Keys whose value on the edge is not the one the cloud holds (either side may lack the key). */
  private Map<String, String> differing(Map<String, Long> held) {
    Map<String, String> differing = new TreeMap<>();
    Set<String> keys = new TreeSet<>(held.keySet());
    keys.addAll(seen.keySet());
    for (String key : keys) {
      if (!Objects.equals(held.get(key), seen.get(key))) {
        differing.put(key, "edge " + seen.get(key) + ", cloud " + held.get(key));
      }
    }
    return differing;
  }

  /** What a cloud printed it holds for the node when it started, once it printed all of it. */
  private static Map<String, Long> held(Cloud cloud) {
    await(cloud, line -> line.startsWith("held "), "held <count>");
    Map<String, Long> held = new TreeMap<>();
    for (String line : cloud.said().stream().filter(line -> line.startsWith("holds ")).toList()) {
      String[] keyAndValue = line.substring("holds ".length()).split(" ");
      held.put(keyAndValue[0], Long.parseLong(keyAndValue[1]));
    }
    return held;
  }

  /** Reads the edge's copy of the cloud's state over and over, from the event loop, without blocking it. */
  private void watch() {
    if (!watching) {
      watcherStopped.countDown();
      return;
    }
    edge.delivery().cloudState().onComplete(read -> {
      if (read.succeeded()) {
        check(read.result());
      } else {
        regressions.add("cannot read the edge's state: " + read.cause());
      }
      vertx.setTimer(10, id -> watch());
    });
  }

  /** One reader only, so that reads are checked in the order they were made. */
  private void stopWatching() throws InterruptedException {
    watching = false;
    assertTrue(watcherStopped.await(10, TimeUnit.SECONDS), "the watcher stopped");
  }

  private void check(List<Envelope> state) {
    reads.incrementAndGet();
    for (Envelope envelope : state) {
      String key = envelope.getRoute().getResource();
      long value = Long.parseLong(envelope.getContent().toStringUtf8().substring(VALUE.length()));
      Long before = seen.put(key, value);
      if (before != null && value < before) {
        regressions.add(key + ": " + value + " after " + before + " (" + running + ")");
      }
    }
  }

  private EdgeConfig edgeConfig() {
    // WebSocket: the netty-quic natives are in the fat jar, not on this JVM's test classpath
    return ConfigLoader.loadEdge(ConfigSources.empty()
        .withDataDir(tmp.resolve("edge"))
        .withFlag("nodeName", NODE)
        .withFlag("cloud", "127.0.0.1:" + ports.join())
        .withSets(List.of("api.port=0", "mqtt.port=0", "link.heartbeatInterval=1s", "transport=websocket")));
  }

  /**
   * Starts cloud run {@code run} (past the last kill: the idle one), which warms up (but the
   * first: no edge waits for it yet) and waits on standby.
   */
  private Cloud startCloud(int run) throws IOException {
    String name = run < KILLS ? "cloud-" + run : "cloud-idle";
    return startProducer(name, sharedArchive(), tmp.resolve("cloud"), run < KILLS ? "produce" : "idle", run * RUN_STRIDE,
        run == 0 ? "-" : tmp.resolve("scratch-" + run).toString());
  }

  /**
   * Starts a JVM that makes a class-data archive of a cloud's start ({@code -XX:ArchiveClassesAtExit}):
   * the 21 cloud JVMs after it load their classes from it and start with about a third less CPU,
   * which on two cores shared with the edge is most of what the test waits for.
   */
  private Cloud startArchiving() throws IOException {
    Path archive = tmp.resolve("cloud.jsa");
    return startProducer("class-data archive", List.of("-XX:ArchiveClassesAtExit=" + archive), tmp.resolve("archive-data"),
        "warm-up", 0, tmp.resolve("scratch-archive").toString());
  }

  /** The archive once its JVM is done, none if that failed (the clouds then start without it). */
  private List<String> sharedArchive() {
    if (archiving == null) {
      return List.of();
    }
    Poll.until(WAIT, () -> "the class-data archive is written\n" + err(archiving), () -> !archiving.process().isAlive());
    Path archive = tmp.resolve("cloud.jsa");
    return archiving.process().exitValue() == 0 && Files.exists(archive)
        ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
  }

  private Cloud startProducer(String name, List<String> jvmOptions, Path dataDir, String mode, long firstValue,
                              String scratch) throws IOException {
    Path out = tmp.resolve(name.replace(' ', '-') + ".out");
    List<String> command = new ArrayList<>(VertedgeProcess.HOST_JAVA);
    // the JVM's own warnings (class-data sharing has some) to stderr: stdout is the cloud's promises
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:disable",
        "-Xlog:all=warning:stderr"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", VertedgeProcess.JAR + java.io.File.pathSeparator + producerJar(),
        CloudProducer.class.getName(), dataDir.toString(), Integer.toString(ports.api()),
        Integer.toString(ports.join()), Integer.toString(ports.websocket()), Integer.toString(ports.quic()), NODE,
        mode, Long.toString(firstValue), scratch));
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(Path.of(out + ".err").toFile())
        .start();
    children.add(process);
    return new Cloud(name, process, out);
  }

  /** CloudProducer in a jar of its own: a class-data archive takes classes from jars only, not from test-classes/. */
  private Path producerJar() throws IOException {
    Path jar = tmp.resolve("cloud-producer.jar");
    if (!Files.exists(jar)) {
      Path classes = Path.of(CloudProducer.class.getProtectionDomain().getCodeSource().getLocation().getPath());
      String prefix = CloudProducer.class.getName().replace('.', '/');
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
           Stream<Path> files = Files.list(classes.resolve(prefix).getParent())) {
        for (Path file : files.filter(f -> f.getFileName().toString().startsWith("CloudProducer")).sorted().toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(java.io.File.separatorChar, '/')));
          out.write(Files.readAllBytes(file));
          out.closeEntry();
        }
      }
    }
    return jar;
  }

  /** Lets a cloud on standby start for real (its stdin stays open: the cloud halts when it closes). */
  private void go(Cloud cloud) {
    await(cloud, "standby");
    try {
      cloud.process().getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
      cloud.process().getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(cloud.name() + " did not take go", e);
    }
    running = cloud.name();
  }

  private static void await(Cloud cloud, String line) {
    await(cloud, line::equals, line);
  }

  private static void await(Cloud cloud, Predicate<String> line, String what) {
    Poll.until(WAIT, () -> cloud.name() + " prints " + what + "\n" + err(cloud), () -> {
      boolean alive = cloud.process().isAlive();
      if (cloud.said().stream().anyMatch(line)) {
        return true;
      }
      assertTrue(alive, () -> cloud.name() + " exited with " + cloud.process().exitValue() + "\n" + err(cloud));
      return false;
    });
  }

  /** What the cloud said: its first failed publish if any, the end of its stderr, and where the evidence stays. */
  private static String err(Cloud cloud) {
    Path file = Path.of(cloud.out() + ".err");
    String err = read(file);
    String firstFailure = err.lines().filter(line -> line.startsWith("publish ")).findFirst()
        .map(line -> "first failed publish: " + line + "\n").orElse("");
    return firstFailure + "stderr of " + cloud.name() + " (its end; all of it in " + file + ", kept with the stores):\n"
        + err.substring(Math.max(0, err.length() - 3_000));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
