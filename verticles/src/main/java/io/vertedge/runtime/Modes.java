package io.vertedge.runtime;

import io.vertedge.BuildInfo;
import io.vertedge.config.CloudConfig;
import io.vertedge.config.ConfigException;
import io.vertedge.config.EdgeConfig;
import io.vertedge.otel.Telemetry;
import io.vertedge.pki.JoinToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The composition roots the command line hands over to. Each returns the process exit code;
 * a {@link ConfigException} means exit 2, any other exception exit 1 (the CLI prints it).
 */
public final class Modes {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  /**
   * An edge's blocking work is its own disk (MapDB, the logs, PEM files), which a few workers keep
   * up with; each of Vert.x's default 20 costs a stack and malloc caches on a small gateway
   * (docs/small-gateway.md).
   */
  private static final int EDGE_WORKER_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private Modes() { }

  /**
   * Vert.x as every mode runs it: on Netty's native epoll transport where it works here
   * ({@link NativeTransport}), else on NIO. Epoll wakes a loop through an eventfd without NIO's
   * selector lock, on which loops were seen waiting 1–3 ms, and spends less CPU per message: the
   * edge of run-edge-footprint.sh 14.4 % → 12 % of a core, the event loops of the desired-value
   * benchmark 0.54–0.58 → 0.51–0.53 cores (BENCHMARKS.md).
   */
  public static VertxOptions vertxOptions() {
    return new VertxOptions().setPreferNativeTransport(NativeTransport.usable());
  }

  /** Runs the cloud until SIGINT/SIGTERM. */
  public static int runCloud(CloudConfig config) {
    Shutdown shutdown = Shutdown.onSignals();
    Vertx vertx = Vertx.vertx(vertxOptions());
    Telemetry telemetry = Telemetry.create("vertedge-cloud", BuildInfo.current().version(), Map.of(),
        config.traces(), vertx);
    try {
      CloudRuntime cloud = await(CloudRuntime.start(vertx, config, telemetry), START_TIMEOUT);
      shutdown.await();
      await(cloud.stop(), Duration.ofSeconds(4));
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      close(vertx, telemetry);
    }
  }

  /** Runs an edge until SIGINT/SIGTERM; the token is only used for the first join. */
  public static int runEdge(EdgeConfig config, Optional<String> token) {
    Shutdown shutdown = Shutdown.onSignals();
    Vertx vertx = Vertx.vertx(vertxOptions().setWorkerPoolSize(EDGE_WORKER_THREADS));
    Telemetry telemetry = Telemetry.create("vertedge-edge", BuildInfo.current().version(),
        Map.of("vertedge.node.name", config.nodeName()), config.traces(), vertx);
    try {
      EdgeRuntime edge = await(EdgeRuntime.start(vertx, config, telemetry, token), START_TIMEOUT);
      edge.fatal().onFailure(failure -> shutdown.request("fatal: " + failure.getMessage()));
      shutdown.await();
      await(edge.stop(), Duration.ofSeconds(4));
      return exitCodeAfter(edge);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      close(vertx, telemetry);
    }
  }

  /** Runs a cloud and an edge in one JVM; the edge joins the cloud with a token minted here. */
  public static int runDemo(CloudConfig cloudConfig, EdgeConfig edgeConfig) {
    Shutdown shutdown = Shutdown.onSignals();
    Vertx vertx = Vertx.vertx(vertxOptions());
    String version = BuildInfo.current().version();
    Telemetry cloudTelemetry = Telemetry.create("vertedge-cloud", version, Map.of(), cloudConfig.traces(), vertx);
    Telemetry edgeTelemetry = Telemetry.create("vertedge-edge", version, Map.of("vertedge.node.name", edgeConfig.nodeName()),
        edgeConfig.traces(), vertx);
    PrintStream out = System.out;
    try {
      CloudRuntime cloud = await(CloudRuntime.start(vertx, cloudConfig, cloudTelemetry), START_TIMEOUT);
      String token = JoinToken.mint(cloud.certificateAuthority(), Duration.ofMinutes(10));
      EdgeConfig edgeToCloud = edgeConfig.withCloud("127.0.0.1:" + cloud.joinPort());
      EdgeRuntime edge = await(EdgeRuntime.start(vertx, edgeToCloud, edgeTelemetry, Optional.of(token)), START_TIMEOUT);
      edge.fatal().onFailure(failure -> shutdown.request("fatal: " + failure.getMessage()));
      out.println("Vertedge demo " + version);
      out.println("  cloud API   " + cloud.apiUrl() + "   (try: curl " + cloud.apiUrl() + "/api/v1/nodes)");
      out.println("  edge API    " + edge.apiUrl() + "   (try: curl " + edge.apiUrl() + "/api/v1/node)");
      out.println("  edge links  quic://" + cloud.quicAddress() + " or " + cloud.websocketUrl() + " (transport auto)");
      out.println("  node " + edgeToCloud.nodeName() + ": " + DemoStatus.awaitLink(edge, Duration.ofSeconds(30)));
      DemoDevice device = await(DemoDevice.start(vertx, cloud.apiUrl(), edgeToCloud.nodeName(),
          edge.endpoints().getString("mqtt")), START_TIMEOUT);
      out.println("  device      " + DemoDevice.NAME + ", simulated, on MQTT " + edge.endpoints().getString("mqtt")
          + "   (try: ./vertedge ctl twin set " + DemoDevice.NAME + " setpoint=25; ./vertedge ctl twin get "
          + DemoDevice.NAME + ")");
      String mqtt = edge.endpoints().getString("mqtt");
      List<String> samples = DemoSamples.apply(cloud.apiUrl(), edgeToCloud.nodeName(), mqtt);
      out.println("  samples     " + String.join(", ", samples) + ", from conf/samples, pushing to MQTT " + mqtt
          + "   (try: mosquitto_sub -p " + URI.create(mqtt).getPort() + " -t 'vertedge/samples/#' -v)");
      out.println("Press Ctrl-C to stop.");
      out.flush();
      shutdown.await();
      await(device.stop(vertx).eventually(() -> Future.join(edge.stop(), cloud.stop())), Duration.ofMillis(1500));
      return exitCodeAfter(edge);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      close(vertx, cloudTelemetry, edgeTelemetry);
    }
  }

  /** Mints a join token from {@code <cloudDataDir>/pki} and prints it as one line on stdout. */
  public static int mintToken(Path cloudDataDir, Duration ttl) {
    System.out.println(JoinToken.mintFromDataDir(cloudDataDir, ttl));
    return 0;
  }

  /** 0 after a clean stop; a refused join (the reason the edge stopped) fails with the cloud's message. */
  private static int exitCodeAfter(EdgeRuntime edge) {
    if (edge.fatal().failed()) {
      throw new IllegalStateException(edge.fatal().cause().getMessage(), edge.fatal().cause());
    }
    return 0;
  }

  /** Waits on the main thread (never an event loop) and rethrows the failure itself. */
  static <T> T await(Future<T> future, Duration timeout) throws InterruptedException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s", e);
    }
  }

  private static void close(Vertx vertx, Telemetry... telemetries) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // exiting anyway; whatever did not close in time dies with the process
    }
    for (Telemetry telemetry : telemetries) {
      telemetry.close();
    }
  }
}
