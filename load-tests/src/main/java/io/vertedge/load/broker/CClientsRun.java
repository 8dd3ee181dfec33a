package io.vertedge.load.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The acceptance measurement with Mosquitto's own C clients: {@code mosquitto_pub -l} reads N
 * lines of 64 bytes from a file and publishes each at QoS 0, {@code mosquitto_sub -C} takes
 * them; the time runs from starting {@code mosquitto_pub} to the subscriber's N-th line.
 *
 * <p>The subscriber is known to be subscribed when it prints the retained message of a second
 * topic it subscribes to in the same SUBSCRIBE ({@link #prepare}); its output is read here and
 * its lines counted, so a lost message shows as a count short of N.
 */
final class CClientsRun {

  static final String TOPIC = "bench/c";
  private static final String PROBE_TOPIC = "bench/c-probe";
  private static final String PROBE = "probe";

  record Result(int messages, long nanos, long publisherNanos, long received, boolean complete) {
    double messagesPerSecond() {
      return messages / (nanos / 1e9);
    }
  }

  private CClientsRun() {
  }

  /** N lines of 64 bytes (a sequence number, padded), written once per run of the benchmark. */
  static Path lines(Path work, int messages) throws IOException {
    Path file = work.resolve("lines-" + messages + ".txt");
    StringBuilder text = new StringBuilder(messages * 65);
    for (int i = 0; i < messages; i++) {
      String number = Integer.toString(i);
      text.append("x".repeat(64 - number.length())).append(number).append('\n');
    }
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    return file;
  }

  /** Leaves the retained probe on the broker. */
  static void prepare(int port) throws IOException, InterruptedException {
    Process retain = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
        "-t", PROBE_TOPIC, "-r", "-q", "1", "-m", PROBE).redirectErrorStream(true).start();
    if (!retain.waitFor(10, TimeUnit.SECONDS) || retain.exitValue() != 0) {
      throw new IOException("mosquitto_pub of the probe failed: "
          + new String(retain.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static Result run(int port, Path lines, int messages, long stallMillis) throws IOException, InterruptedException {
    String portText = Integer.toString(port);
    Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", portText, "-q", "0",
        "-t", PROBE_TOPIC, "-t", TOPIC, "-C", Integer.toString(messages + 1))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    LineCounter counter = new LineCounter(sub.getInputStream(), messages);
    counter.start();
    try {
      if (!counter.subscribed.await(10, TimeUnit.SECONDS)) {
        throw new IOException("mosquitto_sub did not receive the retained probe within 10 s");
      }
      long start = System.nanoTime();
      Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", portText, "-q", "0", "-t", TOPIC, "-l")
          .redirectInput(lines.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      long published = -1;
      long lastCount = -1;
      long lastProgress = System.nanoTime();
      while (!counter.done.await(20, TimeUnit.MILLISECONDS)) {
        if (published < 0 && !pub.isAlive()) {
          published = System.nanoTime() - start;
        }
        long count = counter.count;
        if (count != lastCount) {
          lastCount = count;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
          pub.destroyForcibly();
          sub.destroyForcibly();
          return new Result(messages, System.nanoTime() - start, published, count, false);
        }
      }
      if (!pub.waitFor(10, TimeUnit.SECONDS)) {
        pub.destroyForcibly();
      }
      if (published < 0) {
        published = System.nanoTime() - start;
      }
      return new Result(messages, counter.lastNanos - start, published, counter.count, true);
    } finally {
      // not SIGTERM: mosquitto_sub 2.0.11's handler can deadlock on its own lock while it disconnects
      if (!sub.waitFor(5, TimeUnit.SECONDS)) {
        sub.destroyForcibly();
        sub.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Reads the subscriber's output: the probe line first, then counts the message lines. */
  private static final class LineCounter extends Thread {
    final CountDownLatch subscribed = new CountDownLatch(1);
    final CountDownLatch done = new CountDownLatch(1);
    private final InputStream in;
    private final int expected;
    volatile long count;
    volatile long lastNanos;

    LineCounter(InputStream in, int expected) {
      super("mosquitto_sub reader");
      setDaemon(true);
      this.in = in;
      this.expected = expected;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[64 * 1024];
      boolean probeSeen = false;
      long lines = 0;
      try {
        int read;
        while ((read = in.read(buffer)) > 0) {
          for (int i = 0; i < read; i++) {
            if (buffer[i] != '\n') {
              continue;
            }
            if (!probeSeen) {
              probeSeen = true;
              subscribed.countDown();
            } else if (++lines == expected) {
              lastNanos = System.nanoTime();
            }
          }
          count = lines;
          if (lines >= expected) {
            done.countDown();
          }
        }
      } catch (IOException closed) {
        // the subscriber was stopped
      }
    }
  }
}
