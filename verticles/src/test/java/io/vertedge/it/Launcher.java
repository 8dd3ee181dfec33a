package io.vertedge.it;

import io.vertedge.testing.FreePorts;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Starts clouds and edges of the fat jar as child processes for one test, and kills whatever
 * is still running when the test ends ({@link #close()} from {@code @AfterEach}).
 */
final class Launcher implements AutoCloseable {

  static final String NODE = "edge-1";
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path logDir;
  private final List<VertedgeProcess> children = new ArrayList<>();

  Launcher(Path logDir) {
    this.logDir = logDir;
  }

  /** The ports a cloud binds; 0 means any free port. */
  record CloudPorts(int api, int join, int websocket, int quic) {
    static final CloudPorts ANY = new CloudPorts(0, 0, 0, 0);

    /** Fixed ports, for a cloud that must come back where its edges expect it after a restart. */
    static CloudPorts fixed() {
      int[] ports = FreePorts.distinct(3, 1);
      return new CloudPorts(ports[0], ports[1], ports[2], ports[3]);
    }
  }

  /** A running cloud and the addresses it wrote to {@code endpoints.json}. */
  record Cloud(VertedgeProcess process, Path dataDir, JsonObject endpoints) {
    String api() {
      return endpoints.getString("api");
    }

    /** {@code 127.0.0.1:port} of the join server, what an edge's {@code --cloud} takes. */
    String joinAddress() {
      return URI.create(endpoints.getString("join")).getAuthority();
    }
  }

  /** A running edge and the addresses it wrote to {@code endpoints.json}. */
  record Edge(VertedgeProcess process, Path dataDir, JsonObject endpoints) {
    String api() {
      return endpoints.getString("api");
    }
  }

  /** Starts {@code vertedge cloud} and waits until every listener is bound (endpoints.json written). */
  Cloud startCloud(Path dataDir, CloudPorts ports) {
    VertedgeProcess process = start("cloud", List.of("cloud", "--data-dir", dataDir.toString(),
        "--set", "api.port=" + ports.api(), "--set", "join.port=" + ports.join(),
        "--set", "link.websocketPort=" + ports.websocket(), "--set", "link.quicPort=" + ports.quic()));
    return new Cloud(process, dataDir, endpointsOf(process, dataDir));
  }

  /** Starts {@code vertedge cloud} on any free ports with exactly the JVM options given, and waits for its endpoints.json. */
  Cloud startCloudWithJvmOptions(Path dataDir, List<String> jvmOptions) {
    List<String> java = new ArrayList<>(VertedgeProcess.HOST_JAVA);
    java.addAll(jvmOptions);
    CloudPorts ports = CloudPorts.ANY;
    VertedgeProcess process = VertedgeProcess.startExactly(logDir, "cloud-" + (children.size() + 1), java,
        List.of("cloud", "--data-dir", dataDir.toString(), "--set", "api.port=" + ports.api(),
            "--set", "join.port=" + ports.join(), "--set", "link.websocketPort=" + ports.websocket(),
            "--set", "link.quicPort=" + ports.quic()));
    children.add(process);
    return new Cloud(process, dataDir, endpointsOf(process, dataDir));
  }

  /** Runs {@code vertedge cloud token} and returns the one line it prints. */
  String token(Cloud cloud) {
    VertedgeProcess process = start("token", List.of("cloud", "token", "--data-dir", cloud.dataDir().toString()));
    assertEquals(0, process.waitForExit(START_TIMEOUT), () -> "cloud token failed:\n" + process.stderr());
    List<String> lines = process.stdout().lines().toList();
    assertEquals(1, lines.size(), () -> "cloud token should print one line, printed:\n" + process.stdout());
    return lines.get(0).trim();
  }

  /** Starts {@code vertedge edge} as {@link #NODE} ({@code token} may be null) and waits for its endpoints.json. */
  Edge startEdge(Path dataDir, Cloud cloud, String token, String... moreArgs) {
    List<String> args = new ArrayList<>(edgeArgs(dataDir, cloud, token));
    args.addAll(List.of(moreArgs));
    VertedgeProcess process = start("edge", args);
    return new Edge(process, dataDir, endpointsOf(process, dataDir));
  }

  /** The command line of an edge named {@link #NODE}, joining {@code cloud}; without a token if it is null. */
  static List<String> edgeArgs(Path dataDir, Cloud cloud, String token) {
    List<String> args = new ArrayList<>(List.of("edge", "--cloud", cloud.joinAddress(), "--node-name", NODE,
        "--data-dir", dataDir.toString(), "--set", "api.port=0", "--set", "mqtt.port=0"));
    if (token != null) {
      args.addAll(List.of("--token", token));
    }
    return args;
  }

  /** Starts {@code vertedge edge} as {@link #NODE} with exactly the JVM options given, and waits for its endpoints.json. */
  Edge startEdgeWithJvmOptions(Path dataDir, Cloud cloud, String token, List<String> jvmOptions, String... moreArgs) {
    List<String> java = new ArrayList<>(VertedgeProcess.HOST_JAVA);
    java.addAll(jvmOptions);
    List<String> args = new ArrayList<>(edgeArgs(dataDir, cloud, token));
    args.addAll(List.of(moreArgs));
    VertedgeProcess process = VertedgeProcess.startExactly(logDir, "edge-" + (children.size() + 1), java, args);
    children.add(process);
    return new Edge(process, dataDir, endpointsOf(process, dataDir));
  }

  /** Starts {@code vertedge <args>} without waiting for anything. */
  VertedgeProcess start(String role, List<String> args) {
    return start(role, VertedgeProcess.HOST_JAVA, args);
  }

  /** Starts {@code vertedge <args>} with the JVM that {@code java} runs (see {@link VertedgeProcess#start(Path, String, List, List)}). */
  VertedgeProcess start(String role, List<String> java, List<String> args) {
    VertedgeProcess process = VertedgeProcess.start(logDir, role + "-" + (children.size() + 1), java, args);
    children.add(process);
    return process;
  }

  @Override
  public void close() {
    children.forEach(VertedgeProcess::kill);
  }

  private static JsonObject endpointsOf(VertedgeProcess process, Path dataDir) {
    Path file = dataDir.resolve("endpoints.json");
    process.waitForFile(file, START_TIMEOUT);
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
