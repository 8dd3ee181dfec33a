package io.vertedge.it;

import com.google.protobuf.ByteString;
import io.vertedge.config.CloudConfig;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertedge.otel.Telemetry;
import io.vertedge.runtime.CloudRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedTransferQueue;

/**
 * A real cloud in its own JVM publishing state to one node, 5,000 values a second:
 * keys {@code k000..k199} in turn, each value {@code "value N"} with N growing by one per
 * publish (so it grows per key too). On stdout, and nothing else there:
 * <ul>
 *   <li>{@code standby} once it is warm: it started and stopped a throwaway cloud in a scratch
 *       directory, so that the real start after a kill takes a fraction of a cold JVM's;</li>
 *   <li>after a line {@code go} on stdin, it starts the real cloud and prints {@code ready};</li>
 *   <li>{@code holds <key> <N>} for each key the cloud holds for the node
 *       ({@link io.vertedge.delivery.CloudDelivery#published}), then {@code held <count>};</li>
 *   <li>then, unless idle, {@code accepted <key> <N>} for each publish whose future succeeded
 *       (the value is durable), so that a test killing it with SIGKILL knows what was promised.</li>
 * </ul>
 * It halts when stdin closes (the test is gone). Arguments: data dir, api port, join port,
 * WebSocket port, QUIC port, node, {@code produce|idle|warm-up} ({@code warm-up}: exit after the
 * warm-up, for a JVM that writes a class-data archive at exit), first N (above anything an earlier
 * run published), scratch dir ({@code -}: no warm-up, for a first start that nothing waits for).
 */
public final class CloudProducer {

  static final int KEYS = 200;
  private static final int IN_FLIGHT = 500;
  private static final int RATE = 5_000;

  private CloudProducer() { }

  public static void main(String[] args) throws Exception {
    // stdout is for the lines above only: the logs (console appender) go to stderr
    PrintStream out = System.out;
    System.setOut(System.err);
    Telemetry telemetry = Telemetry.create("crash-cloud", "test", Map.of());
    if (!"-".equals(args[8])) {
      warmUp(Path.of(args[8]), telemetry);
    }
    if ("warm-up".equals(args[6])) {
      System.exit(0);
    }
    out.println("standby");
    out.flush();
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(stdin.readLine())) {
      Runtime.getRuntime().halt(1);
    }
    Thread orphaned = new Thread(() -> haltAtEndOf(stdin), "stdin-watch");
    orphaned.setDaemon(true);
    orphaned.start();

    Vertx vertx = Vertx.vertx();
    CloudRuntime cloud = CloudRuntime.start(vertx, config(Path.of(args[0]), args[1], args[2], args[3], args[4]),
        telemetry).toCompletionStage().toCompletableFuture().get();
    out.println("ready");
    out.flush();
    String node = args[5];
    // what it holds for the node after the kills so far: every value accepted before should be there, or a newer one
    List<Envelope> held = cloud.delivery().published(node).toCompletionStage().toCompletableFuture().get();
    for (Envelope state : held) {
      out.println("holds " + state.getRoute().getResource() + " " + state.getContent().toStringUtf8().substring(6));
    }
    out.println("held " + held.size());
    out.flush();
    if (!"produce".equals(args[6])) {
      return;
    }
    LinkedTransferQueue<String> accepted = new LinkedTransferQueue<>();
    Thread printer = new Thread(() -> print(accepted, out), "accepted-printer");
    printer.setDaemon(true);
    printer.start();
    Publisher publisher = new Publisher(vertx, cloud, node, Long.parseLong(args[7]), accepted);
    vertx.runOnContext(v -> {
      for (int i = 0; i < IN_FLIGHT; i++) {
        publisher.publish();
      }
    });
  }

  static String key(long n) {
    return String.format("k%03d", n % KEYS);
  }

  private static CloudConfig config(Path dataDir, String api, String join, String websocket, String quic) {
    return ConfigLoader.loadCloud(ConfigSources.empty()
        .withDataDir(dataDir)
        .withSets(List.of("api.port=" + api, "join.port=" + join, "link.websocketPort=" + websocket,
            "link.quicPort=" + quic, "link.heartbeatInterval=1s")));
  }

  /** A throwaway cloud on free ports in {@code scratch}, publishing a little: loads and compiles what the real start needs. */
  private static void warmUp(Path scratch, Telemetry telemetry) throws Exception {
    Vertx vertx = Vertx.vertx();
    CloudRuntime cloud = CloudRuntime.start(vertx, config(scratch, "0", "0", "0", "0"), telemetry)
        .toCompletionStage().toCompletableFuture().get();
    List<Future<Void>> published = new ArrayList<>();
    for (long n = 0; n < KEYS; n++) {
      published.add(cloud.delivery().publish("warm-up", state(n)));
    }
    Future.all(published).compose(v -> cloud.stop()).eventually(vertx::close)
        .toCompletionStage().toCompletableFuture().get();
  }

  private static Envelope state(long n) {
    return Envelope.newBuilder().setId("s-" + n).setChannel(Channel.RESOURCES)
        .setRoute(Route.newBuilder().setSource("crash-test").setGroup("twin").setOperation("desired")
            .setResource(key(n)))
        .setContent(ByteString.copyFromUtf8("value " + n)).build();
  }

  /**
   * {@link #IN_FLIGHT} chains of publishes on one context, each publishing again when its last
   * completes, paced to {@link #RATE} a second: far more than any key's value can be sent one by
   * one, so the state is coalesced all along, without spending the CPU that the next cloud's
   * warm-up and the edge share.
   */
  private static final class Publisher {
    private final Vertx vertx;
    private final CloudRuntime cloud;
    private final String node;
    private final long first;
    private final long started = System.nanoTime();
    private final LinkedTransferQueue<String> accepted;
    private long next;

    Publisher(Vertx vertx, CloudRuntime cloud, String node, long first, LinkedTransferQueue<String> accepted) {
      this.vertx = vertx;
      this.cloud = cloud;
      this.node = node;
      this.first = first;
      this.next = first;
      this.accepted = accepted;
    }

    void publish() {
      long n = next++;
      cloud.delivery().publish(node, state(n))
          .onSuccess(v -> accepted.add(key(n) + " " + n))
          .onFailure(failure -> reportFailure(key(n), n, failure))
          .onComplete(ar -> publishInTime());
    }

    private void publishInTime() {
      long dueMillis = (next - first) * 1_000 / RATE - (System.nanoTime() - started) / 1_000_000;
      if (dueMillis > 0) {
        vertx.setTimer(dueMillis, id -> publish());
      } else {
        publish();
      }
    }
  }

  private static long failures;

  /** The first failures on stderr (a test reads it when the cloud stops accepting), then every 10,000th. */
  private static void reportFailure(String key, long n, Throwable failure) {
    if (failures++ < 5 || failures % 10_000 == 0) {
      System.err.println("publish " + key + " " + n + " failed (" + failures + " failures so far): " + failure);
      failure.printStackTrace(System.err);
    }
  }

  private static void print(LinkedTransferQueue<String> accepted, PrintStream out) {
    try {
      while (true) {
        out.println("accepted " + accepted.take());
        if (accepted.isEmpty()) {
          out.flush();
        }
      }
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
    }
  }

  private static void haltAtEndOf(BufferedReader stdin) {
    try {
      while (stdin.readLine() != null) {
        // nothing more is expected
      }
    } catch (IOException ignored) {
      // same as the end: the test is gone
    }
    Runtime.getRuntime().halt(2);
  }
}
