package io.vertedge.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto's own {@code mosquitto_sub} (QoS 1, {@code -C n}) as a subscriber independent of
 * everything in this JVM: it reads what a KubeEdge device app would read.
 */
final class MosquittoSub implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  /** Starts it and returns once the broker acknowledged the subscription. */
  static MosquittoSub subscribe(int port, String topic, int count) throws IOException, InterruptedException {
    MosquittoSub sub = new MosquittoSub(new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1",
        "-p", String.valueOf(port), "-q", "1", "-C", String.valueOf(count), "-d", "-t", topic).start());
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (String line = sub.next(deadline); !line.startsWith("Subscribed (mid:"); line = sub.next(deadline)) {
      // connection lines
    }
    return sub;
  }

  private MosquittoSub(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
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

  private String next(long deadline) throws InterruptedException {
    String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (line == null) {
      throw new AssertionError("mosquitto_sub printed nothing more; alive: " + process.isAlive());
    }
    return line;
  }

  /** Waits for it to end after its {@code count} messages, and returns them (debug lines left out). */
  List<String> messages() throws InterruptedException {
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("mosquitto_sub did not get its messages; it printed " + lines);
    }
    Thread.sleep(50); // the reader's last lines
    List<String> messages = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("Client ") && !line.startsWith("Subscribed (mid:")) {
        messages.add(line);
      }
    }
    return messages;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
