package io.vertedge.edge.mqtt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto's own clients ({@code mosquitto_pub}, {@code mosquitto_sub}; Debian package
 * {@code mosquitto-clients}, which scripts/test installs) as independent counterparts.
 */
final class MosquittoClients {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private MosquittoClients() {
  }

  static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")) && Files.isExecutable(Path.of("/usr/bin/mosquitto_sub"));
  }

  record Result(int exit, String stdout, String stderr) {
  }

  /** Runs {@code mosquitto_pub} against 127.0.0.1:port to its end. */
  static Result publish(int port, String... arguments) throws IOException, InterruptedException {
    Process process = start(List.of("mosquitto_pub"), port, arguments);
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("mosquitto_pub did not end within " + TIMEOUT.toSeconds() + " s");
    }
    return new Result(process.exitValue(), read(process.getInputStream()), read(process.getErrorStream()));
  }

  /** Starts {@code mosquitto_sub -d} and waits until the broker acknowledged its subscription. */
  static Subscriber subscribe(int port, String... arguments) throws IOException, InterruptedException {
    Subscriber subscriber = resume(port, arguments);
    subscriber.awaitLine(line -> line.startsWith("Subscribed (mid:"));
    return subscriber;
  }

  /**
   * Starts {@code mosquitto_sub -d} without waiting for its SUBACK: a client back to its
   * persistent session may get its queued messages, and stop after {@code -C n}, before that.
   */
  static Subscriber resume(int port, String... arguments) throws IOException {
    List<String> withDebug = new ArrayList<>(List.of(arguments));
    withDebug.add("-d");
    // line-buffered: through a pipe its output would wait in a block buffer until it exits
    return new Subscriber(start(List.of("stdbuf", "-oL", "mosquitto_sub"), port, withDebug.toArray(String[]::new)));
  }

  private static Process start(List<String> program, int port, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(program);
    command.addAll(List.of("-h", "127.0.0.1", "-p", String.valueOf(port)));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    return process;
  }

  private static String read(java.io.InputStream stream) throws IOException {
    return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** A running {@code mosquitto_sub}: its message lines, without the debug lines. */
  static final class Subscriber implements AutoCloseable {
    private final Process process;
    private final LinkedTransferQueue<String> lines = new LinkedTransferQueue<>();
    private final Thread reader;

    private Subscriber(Process process) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
          }
        } catch (IOException ended) {
          // the process is gone
        }
      }, "mosquitto_sub-output");
      reader.setDaemon(true);
      reader.start();
    }

    private void awaitLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      for (String line = next(deadline); ; line = next(deadline)) {
        if (wanted.test(line)) {
          return;
        }
      }
    }

    private String next(long deadline) throws InterruptedException {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("mosquitto_sub printed nothing more within " + TIMEOUT.toSeconds() + " s; alive: "
            + process.isAlive());
      }
      return line;
    }

    /** Waits for the process to end (e.g. after {@code -C n}) and returns its message lines. */
    List<String> messages() throws InterruptedException {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("mosquitto_sub did not end within " + TIMEOUT.toSeconds() + " s");
      }
      reader.join(TIMEOUT.toMillis());
      List<String> messages = new ArrayList<>();
      for (String line : lines) {
        if (!line.startsWith("Client ") && !line.startsWith("Subscribed (mid:")) {
          messages.add(line);
        }
      }
      return messages;
    }

    int exit() {
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
