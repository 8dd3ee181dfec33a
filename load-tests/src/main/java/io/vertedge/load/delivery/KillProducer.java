package io.vertedge.load.delivery;

import com.google.protobuf.ByteString;
import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.link.Link;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertedge.otel.Telemetry;
import io.vertedge.runtime.EdgeRuntime;
import io.vertedge.runtime.Modes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedTransferQueue;

/**
 * The edge side of {@link Kill9Harness}: the product's edge ({@link EdgeRuntime}) in its own
 * JVM, and in {@code produce} mode a producer at the door of its outbox that starts once the
 * link is up and keeps at most {@code IN_FLIGHT} accepts outstanding, paced to {@code rate}
 * accepts per second (0: as fast as the outbox takes them). It prints {@code accepted <id>}
 * for each event whose accept future succeeded (from a thread of its own, never from the
 * event loop), and nothing else on stdout: a line that is complete is a promise made.
 * {@code idle} mode only runs the edge, so that its outbox drains, and prints {@code drained}
 * once the link is up and the cloud acknowledged everything in the outbox.
 * Arguments: data dir, the cloud's join address, a token, transport, {@code produce|idle}, tag,
 * rate.
 */
public final class KillProducer {

  static final String NODE = "kill9-edge";
  private static final int IN_FLIGHT = 256;

  private KillProducer() {
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    String join = args[1];
    String token = args[2];
    String transport = args[3];
    boolean produce = "produce".equals(args[4]);
    String tag = args[5];
    int rate = Integer.parseInt(args[6]);
    Vertx vertx = Vertx.vertx(Modes.vertxOptions());
    EdgeRuntime edge = EdgeRuntime.start(vertx, ConfigLoader.loadEdge(ConfigSources.empty()
            .withDataDir(data)
            .withFlag("nodeName", NODE)
            .withFlag("cloud", join)
            .withSets(List.of("api.host=127.0.0.1", "api.port=0", "mqtt.port=0", "transport=" + transport,
                "link.heartbeatInterval=1s"))),
        Telemetry.create("kill9-edge", BuildInfo.current().version(), Map.of()), Optional.of(token)).await();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> edge.stop().await()));
    while (edge.link().filter(Link::isOpen).isEmpty()) {
      Thread.sleep(10);
    }
    if (!produce) {
      // the cloud's resume tells the outbox what it holds; then what is left goes out and is acknowledged
      while (edge.delivery().outbox().pending() > 0) {
        Thread.sleep(20);
      }
      System.out.println("drained");
      System.out.flush();
      return;
    }
    LinkedTransferQueue<String> accepted = new LinkedTransferQueue<>();
    Thread printer = new Thread(() -> print(accepted, System.out), "accepted-printer");
    printer.setDaemon(true);
    printer.start();
    vertx.deployVerticle(new VerticleBase() {
      private long next;
      private int inFlight;
      private long budget;

      @Override
      public Future<?> start() {
        if (rate <= 0) {
          budget = Long.MAX_VALUE;
          more();
        } else {
          // every 10 ms, a hundredth of a second's worth (capped, so a stall does not turn into a burst)
          vertx.setPeriodic(10, id -> {
            budget = Math.min(budget + Math.max(1, rate / 100), Math.max(1, rate / 10));
            more();
          });
        }
        return Future.succeededFuture();
      }

      private void more() {
        while (inFlight < IN_FLIGHT && budget > 0) {
          budget--;
          produce();
        }
      }

      private void produce() {
        inFlight++;
        String id = tag + "-" + (++next);
        Envelope event = Envelope.newBuilder().setId(id).setChannel(Channel.DATA)
            .setTimestamp(System.currentTimeMillis())
            .setRoute(Route.newBuilder().setSource("kill9").setGroup("events").setOperation("upload").setResource("dev"))
            .setContent(ByteString.copyFromUtf8("reading of " + id)).build();
        edge.delivery().outbox().accept(event)
            .onSuccess(sequence -> accepted.add(id))
            .onComplete(ar -> {
              inFlight--;
              more();
            });
      }
    });
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
