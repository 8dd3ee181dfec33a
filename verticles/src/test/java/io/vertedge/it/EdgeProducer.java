package io.vertedge.it;

import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.config.EdgeConfig;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertedge.otel.Telemetry;
import io.vertedge.runtime.EdgeRuntime;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedTransferQueue;

/**
 * A real edge in its own JVM with a producer at the door of its outbox: it prints
 * {@code accepted <id>} for each event whose accept future succeeded, and nothing else on
 * stdout, so that a test killing it with SIGKILL knows exactly what was promised.
 * Arguments: data dir, the cloud's join address, a token or {@code -}, {@code produce|idle}.
 */
public final class EdgeProducer {

  private static final int IN_FLIGHT = 256;

  private EdgeProducer() { }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    EdgeConfig config = ConfigLoader.loadEdge(ConfigSources.empty()
        .withDataDir(Path.of(args[0]))
        .withFlag("nodeName", "crash-edge")
        .withFlag("cloud", args[1])
        .withSets(List.of("api.port=0", "mqtt.port=0", "link.heartbeatInterval=1s")));
    Optional<String> token = "-".equals(args[2]) ? Optional.empty() : Optional.of(args[2]);
    EdgeRuntime edge = EdgeRuntime.start(vertx, config, Telemetry.create("crash-edge", "test", Map.of()), token)
        .toCompletionStage().toCompletableFuture().get();
    if (!"produce".equals(args[3])) {
      return;
    }
    LinkedTransferQueue<String> accepted = new LinkedTransferQueue<>();
    Thread printer = new Thread(() -> print(accepted, System.out), "accepted-printer");
    printer.setDaemon(true);
    printer.start();
    String run = UUID.randomUUID().toString().substring(0, 8);
    long[] next = {0};
    vertx.runOnContext(v -> {
      for (int i = 0; i < IN_FLIGHT; i++) {
        produce(edge, run, next, accepted);
      }
    });
  }

  private static void produce(EdgeRuntime edge, String run, long[] next, LinkedTransferQueue<String> accepted) {
    String id = run + "-" + (++next[0]);
    Envelope event = Envelope.newBuilder().setId(id).setChannel(Channel.DATA)
        .setRoute(Route.newBuilder().setSource("crash-test").setGroup("events").setOperation("upload").setResource("dev"))
        .setContent(com.google.protobuf.ByteString.copyFromUtf8("reading of " + id)).build();
    edge.delivery().outbox().accept(event)
        .onSuccess(sequence -> accepted.add(id))
        .onComplete(ar -> produce(edge, run, next, accepted));
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
}
