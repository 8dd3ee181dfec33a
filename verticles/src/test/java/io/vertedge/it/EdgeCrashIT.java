package io.vertedge.it;

import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.otel.Telemetry;
import io.vertedge.pki.JoinToken;
import io.vertedge.runtime.CloudRuntime;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise under SIGKILL: an edge JVM producing events is killed 20 times mid-stream and
 * started again on the same store; every event whose accept future succeeded reaches the
 * cloud exactly once.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class EdgeCrashIT {

  private static final int KILLS = 20;

  @TempDir Path tmp;
  private Vertx vertx;
  private Telemetry telemetry;
  private CloudRuntime cloud;
  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void startCloud() {
    vertx = Vertx.vertx();
    telemetry = Telemetry.create("vertedge-cloud", BuildInfo.current().version(), Map.of());
    cloud = CloudRuntime.start(vertx, ConfigLoader.loadCloud(ConfigSources.empty()
        .withDataDir(tmp.resolve("cloud"))
        .withSets(List.of("api.port=0", "join.port=0", "link.websocketPort=0", "link.quicPort=0",
            "link.heartbeatInterval=1s"))), telemetry).await();
    cloud.onUpstream((node, envelope) -> received.computeIfAbsent(envelope.getId(), id -> new AtomicInteger())
        .incrementAndGet());
  }

  @AfterEach
  void stop() {
    children.forEach(Process::destroyForcibly);
    cloud.stop().await();
    vertx.close().await();
    telemetry.close();
  }

  @Test
  void killingTheEdgeWithSigkillLosesAndDuplicatesNothingItAccepted() throws Exception {
    Random random = new Random(11);
    Set<String> accepted = new HashSet<>();
    String token = JoinToken.mint(cloud.certificateAuthority(), Duration.ofMinutes(30));
    for (int kill = 0; kill < KILLS; kill++) {
      Path out = tmp.resolve("edge-" + kill + ".out");
      // the token every time: an edge that holds a certificate ignores it, one killed before it joined needs it
      Process edge = startEdge(token, "produce", out);
      int before = accepted.size();
      int wanted = 200 + random.nextInt(3_000);
      Poll.until(Duration.ofSeconds(60), () -> "edge run " + kill(out) + " accepted events while linked",
          () -> (completeLines(out).size() >= wanted && !received.isEmpty()) || !edge.isAlive());
      edge.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      for (String line : completeLines(out)) {
        accepted.add(line.substring("accepted ".length()));
      }
      assertTrue(accepted.size() > before, "run " + kill + " accepted something; stderr in " + out);
    }
    Process drain = startEdge(token, "idle", tmp.resolve("edge-drain.out"));
    Poll.until(Duration.ofSeconds(120), () -> "the cloud received every accepted event; missing "
        + missing(accepted).size(), () -> missing(accepted).isEmpty());
    drain.destroy();

    long duplicated = received.values().stream().filter(count -> count.get() > 1).count();
    System.out.printf("EdgeCrashIT: %d SIGKILLs, %d events accepted, %d received, lost %d, duplicated %d%n",
        KILLS, accepted.size(), received.size(), missing(accepted).size(), duplicated);
    assertEquals(Set.of(), missing(accepted), "lost");
    assertEquals(0, duplicated, "duplicated");
  }

  private Set<String> missing(Set<String> accepted) {
    Set<String> missing = new HashSet<>(accepted);
    missing.removeAll(received.keySet());
    return missing;
  }

  private Process startEdge(String token, String mode, Path out) throws IOException {
    String classpath = VertedgeProcess.JAR + java.io.File.pathSeparator + Path.of("target", "test-classes");
    List<String> command = new ArrayList<>(VertedgeProcess.HOST_JAVA);
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
        EdgeProducer.class.getName(), tmp.resolve("edge").toString(), "127.0.0.1:" + cloud.joinPort(), token, mode));
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(Path.of(out + ".err").toFile())
        .start();
    children.add(process);
    return process;
  }

  /** Lines the child finished writing: a line cut by SIGKILL is no promise. */
  private static List<String> completeLines(Path out) {
    try {
      String text = Files.readString(out, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : text.substring(0, end).lines().filter(line -> line.startsWith("accepted ")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String kill(Path out) {
    return out.getFileName().toString();
  }
}
