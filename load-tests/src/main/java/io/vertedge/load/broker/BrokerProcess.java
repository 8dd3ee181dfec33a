package io.vertedge.load.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A broker in its own process on a free port, with the CPU time it has used so far. */
final class BrokerProcess implements AutoCloseable {

  /** Mosquitto's queue and in-flight bounds set to the embedded broker's defaults, so both queue alike. */
  static final int MAX_INFLIGHT = 32;
  static final int MAX_QUEUED = 1000;

  final String name;
  final int port;
  private final Process process;
  private final OutputStream stdin;

  private final Path log;

  private BrokerProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.log = log;
  }

  /** {@code /usr/sbin/mosquitto} with a generated config: loopback, anonymous, persistence off. */
  static BrokerProcess mosquitto(Path work) throws IOException, InterruptedException {
    int port = freePort();
    Path config = work.resolve("mosquitto.conf");
    Files.writeString(config, String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence false",
        "max_inflight_messages " + MAX_INFLIGHT,
        "max_queued_messages " + MAX_QUEUED,
        "log_dest stderr",
        "log_type error",
        "log_type warning",
        "log_type notice",
        ""));
    Path log = work.resolve("mosquitto.log");
    Process process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    BrokerProcess broker = new BrokerProcess("Mosquitto", port, process, log);
    broker.awaitListening();
    return broker;
  }

  /** {@link EmbeddedBroker} in its own JVM with {@code javaOptions}, on this JVM's class path. */
  static BrokerProcess embedded(Path work, List<String> javaOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedBroker.class.getName(), "0"));
    Path log = work.resolve("embedded-broker.log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    // the JVM may print first (JFR's start-up line, for one)
    while (line != null && !line.startsWith("port ")) {
      line = out.readLine();
    }
    if (line == null) {
      process.destroyForcibly();
      throw new IOException("the embedded broker did not start: see " + work.resolve("embedded-broker.log"));
    }
    return new BrokerProcess("Vertedge", Integer.parseInt(line.substring(5).trim()), process, log);
  }

  /** Mosquitto's notices that it dropped a client's messages (its queue for the client was full). */
  long dropNotices() throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(line -> line.contains("Outgoing messages are being dropped")).count();
    }
  }

  long pid() {
    return process.pid();
  }

  /** utime + stime of the process so far, in seconds. */
  double cpuSeconds() throws IOException {
    return ProcCpu.seconds(process.pid());
  }

  private void awaitListening() throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IOException(name + " exited with " + process.exitValue());
        }
        Thread.sleep(50);
      }
    }
    throw new IOException(name + " is not listening on " + port + " after 10 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // the process is gone already
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
