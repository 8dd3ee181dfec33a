package io.vertedge.edge.mqtt.external;

import io.vertedge.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker ({@code /usr/sbin/mosquitto}, Debian package {@code mosquitto}, which
 * scripts/test installs) started by a test on a free loopback port, in memory (persistence off:
 * a restart forgets every session). With a username, anonymous clients are refused and the
 * password file is made with {@code mosquitto_passwd}. Its log is {@code mosquitto.log} in the
 * directory given.
 */
public final class Mosquitto implements AutoCloseable {

  private static final Path BROKER = Path.of("/usr/sbin/mosquitto");
  private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path config;
  private final int port;
  private Process process;

  private Mosquitto(Path config, int port) {
    this.config = config;
    this.port = port;
  }

  public static boolean installed() {
    return Files.isExecutable(BROKER) && Files.isExecutable(PASSWD);
  }

  /** Anonymous clients allowed. */
  public static Mosquitto start(Path dir) {
    return start(dir, FreePorts.tcp(), null, null);
  }

  /** Only {@code username} with {@code password} may connect. */
  public static Mosquitto start(Path dir, String username, String password) {
    return start(dir, FreePorts.tcp(), username, password);
  }

  /** On a given port: e.g. one an edge was told before the broker was there. */
  public static Mosquitto start(Path dir, int port, String username, String password) {
    return start(dir, port, username, password, List.of());
  }

  /** TLS only, with this server certificate and key (PEM). */
  public static Mosquitto startTls(Path dir, Path certFile, Path keyFile) {
    return start(dir, FreePorts.tcp(), null, null, List.of("certfile " + certFile, "keyfile " + keyFile));
  }

  private static Mosquitto start(Path dir, int port, String username, String password, List<String> listenerLines) {
    try {
      Files.createDirectories(dir);
      StringBuilder conf = new StringBuilder()
          .append("listener ").append(port).append(" 127.0.0.1\n")
          .append(String.join("\n", listenerLines)).append('\n')
          .append("persistence false\n")
          // run as root, mosquitto would become user mosquitto, who may not read the test's directory
          .append("user ").append(System.getProperty("user.name")).append('\n')
          .append("log_dest file ").append(dir.resolve("mosquitto.log")).append('\n')
          .append("log_type all\n");
      if (username == null) {
        conf.append("allow_anonymous true\n");
      } else {
        Path passwords = dir.resolve("passwords");
        run(List.of(PASSWD.toString(), "-c", "-b", passwords.toString(), username, password));
        conf.append("allow_anonymous false\npassword_file ").append(passwords).append('\n');
      }
      Path config = Files.writeString(dir.resolve("mosquitto.conf"), conf.toString());
      Mosquitto broker = new Mosquitto(config, port);
      broker.begin();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Stops the broker (SIGTERM) and waits for its end; every session is gone with it. */
  public void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts the stopped broker again on the same port. */
  public void restart() {
    stop();
    begin();
  }

  private void begin() {
    try {
      process = new ProcessBuilder(BROKER.toString(), "-c", config.toString())
          .redirectErrorStream(true)
          .redirectOutput(config.resolveSibling("mosquitto.out").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!accepts()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("mosquitto did not start on port " + port + "; see " + config.getParent());
      }
      sleep();
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void run(List<String> command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(command + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A port nothing listens on now (for a broker started later, or never). */

  @Override
  public void close() {
    stop();
  }
}
