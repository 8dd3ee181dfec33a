package io.vertedge.edge.dmi;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.vertedge.config.ConfigException;
import io.vertedge.config.EdgeMappers;
import io.vertedge.config.HostPort;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.vertedge.delivery.EdgeDelivery;
import io.vertedge.dmi.v1beta1.MapperInfo;
import io.vertedge.dmi.v1beta1.MapperRegisterRequest;
import io.vertedge.dmi.v1beta1.MapperRegisterResponse;
import io.vertedge.dmi.v1beta1.ReportDeviceStatesResponse;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusResponse;
import io.vertedge.edge.mqtt.PublishRefusedException;
import io.vertedge.edge.twin.DeviceTwin;
import io.vertedge.edge.twin.TwinError;
import io.vertedge.otel.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * KubeEdge's {@code DeviceManagerService} (DMI v1beta1, KUBEEDGE-COMPAT §1) on the Unix socket
 * {@code dmi.socket}, and on {@code dmi.tcp} when set: mappers register ({@code MapperRegister},
 * one mapper per protocol and none for a protocol run built-in, a new registration replacing the
 * old) and get the devices of their protocol; their twin reports
 * ({@code ReportDeviceStatus}) and device states ({@code ReportDeviceStates}) go into the
 * {@link DeviceTwin} and are answered OK once durable. Mappers that registered withData are
 * called back at their socket as their devices and models change ({@link MapperCalls}), and their
 * devices are marked offline when they stop answering there ({@link MapperLiveness}). There is no global rate limit as in
 * KubeEdge: each mapper's connection carries at most {@link #STREAMS_PER_MAPPER} calls at once
 * (HTTP/2 {@code SETTINGS_MAX_CONCURRENT_STREAMS}), so a busy mapper waits on its own flow
 * control while the others go on.
 */
public final class DmiServer extends VerticleBase {

  /** Calls in flight per mapper connection; more wait in the mapper's gRPC client. */
  public static final int STREAMS_PER_MAPPER = 256;

  private static final Logger log = LoggerFactory.getLogger(DmiServer.class);
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
  private static final AttributeKey<String> CODE = AttributeKey.stringKey("code");
  /** Where registrations are kept in the edge's store: {@code dmi/mapper/<protocol>}, the request's bytes. */
  private static final String KEPT_PREFIX = "dmi/mapper/";

  /**
   * The node, the socket to serve on, the twin that takes reports, the store that holds devices,
   * the protocols run built-in (refused here) with the optional TCP listener, and where spans go.
   */
  public record Setup(String node, Path socket, DeviceTwin twin, EdgeDelivery delivery, Meter meter, EdgeMappers mappers,
                      Tracing tracing) { }

  private final Setup setup;
  private final LongCounter calls;
  private final Tracer tracer;
  private HttpServer server;
  private HttpServer tcpServer;
  private MapperCalls mapperCalls;
  private MapperLiveness liveness;

  public DmiServer(Setup setup) {
    this.setup = setup;
    this.calls = setup.meter().counterBuilder("vertedge.dmi.calls").setUnit("{call}")
        .setDescription("DMI calls mappers made, by method and gRPC status code").build();
    this.tracer = setup.tracing().tracer("io.vertedge.dmi");
  }

  @Override
  public Future<?> start() {
    mapperCalls = new MapperCalls(vertx, setup.node(), setup.tracing());
    liveness = new MapperLiveness(vertx, setup.node(), mapperCalls, setup.twin());
    mapperCalls.unansweredHandler(liveness::unanswered);
    Promise<Void> loaded = Promise.promise();
    setup.delivery().cloudStateHandler(batch -> loaded.future().onSuccess(v ->
        context.runOnContext(x -> mapperCalls.apply(batch, true))));
    GrpcServer grpc = GrpcServer.server(vertx);
    unary(grpc, DmiMethods.SERVER_REGISTER, request -> {
      MapperInfo mapper = DmiRequests.mapper(request);
      if (setup.mappers().builtIn().contains(mapper.getProtocol())) {
        throw new BuiltInProtocol("protocol " + mapper.getProtocol() + " is run by this edge's built-in mappers "
            + "(mappers.builtIn: " + String.join(", ", setup.mappers().builtIn()) + "); to run mapper "
            + mapper.getName() + " instead, leave " + mapper.getProtocol() + " out of mappers.builtIn and restart the edge");
      }
      MapperCalls.Registration before = mapperCalls.register(mapper, request.getWithData());
      liveness.registered(mapper.getProtocol());
      log.info("[node: {}, mapper: {}] registered for protocol {} at {} (version {}, state {}){}", setup.node(),
          mapper.getName(), mapper.getProtocol(), mapper.getAddress().toString(StandardCharsets.UTF_8),
          mapper.getVersion(), mapper.getState(), before == null ? "" : ", replacing " + before.mapper().getName());
      // kept before the answer: after an edge restart the mapper is called and watched again without
      // registering anew (KubeEdge keeps MapperInfo in its database likewise)
      Future<Void> kept = setup.delivery().keep(KEPT_PREFIX + mapper.getProtocol(), request.toByteArray());
      if (!request.getWithData()) {
        return kept.map(MapperRegisterResponse.getDefaultInstance());
      }
      return kept.compose(v -> setup.delivery().cloudState())
          .map(state -> DmiCatalog.forProtocol(setup.node(), mapper.getProtocol(), state));
    });
    unary(grpc, DmiMethods.SERVER_STATUS, request -> setup.twin()
        .reportTwins(request.getDeviceNamespace(), request.getDeviceName(), DmiRequests.twinUpdate(request))
        .map(ReportDeviceStatusResponse.getDefaultInstance()));
    unary(grpc, DmiMethods.SERVER_STATES, request -> {
      String state = DmiRequests.state(request);
      return setup.twin().reportState(request.getDeviceNamespace(), request.getDeviceName(), state)
          .map(ReportDeviceStatesResponse.getDefaultInstance());
    });
    HttpServerOptions options = new HttpServerOptions()
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(STREAMS_PER_MAPPER));
    return DmiSocket.clear(vertx, setup.socket())
        .compose(v -> setup.delivery().cloudState())
        .onSuccess(state -> {
          mapperCalls.apply(state, false);
          loaded.complete();
        })
        .compose(v -> setup.delivery().kept())
        .onSuccess(this::restoreRegistrations)
        .compose(v -> vertx.createHttpServer(options).requestHandler(grpc)
            .listen(SocketAddress.domainSocketAddress(setup.socket().toString())))
        .recover(failure -> Future.failedFuture(bindFailure(failure)))
        .onSuccess(bound -> {
          server = bound;
          log.info("[node: {}] DMI (v1beta1.DeviceManagerService) serving on unix:{}", setup.node(), setup.socket());
        })
        .compose(v -> listenTcp(options, grpc))
        .onSuccess(v -> liveness.start())
        .onFailure(failure -> {
          if (server != null) {
            server.close(); // the edge stops; the socket file goes with the next start's check
          }
        });
  }

  /** Where DMI is served over TCP ({@code dmi.tcp}, the port bound when 0 was asked), if it is. */
  public Optional<HostPort> tcpAddress() {
    HostPort asked = setup.mappers().dmiTcp();
    HttpServer bound = tcpServer;
    return asked == null || bound == null ? Optional.empty() : Optional.of(new HostPort(asked.host(), bound.actualPort()));
  }

  private Future<Void> listenTcp(HttpServerOptions options, GrpcServer grpc) {
    HostPort tcp = setup.mappers().dmiTcp();
    if (tcp == null) {
      return Future.succeededFuture();
    }
    return vertx.createHttpServer(options).requestHandler(grpc).listen(tcp.port(), tcp.host())
        .recover(failure -> Future.failedFuture(new ConfigException("edge.dmi.tcp: cannot listen on " + tcp + " ("
            + failure.getMessage() + "); set dmi.tcp")))
        .onSuccess(bound -> {
          tcpServer = bound;
          if (!isLoopback(tcp.host())) {
            log.warn("[node: {}] DMI on tcp:{} is not on loopback: whoever reaches it can report for every device "
                + "(no TLS, no auth)", setup.node(), tcp);
          }
          log.info("[node: {}] DMI (v1beta1.DeviceManagerService) also serving on tcp:{}", setup.node(),
              tcpAddress().orElseThrow());
        })
        .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = Future.join(server == null ? Future.succeededFuture() : server.close(),
        tcpServer == null ? Future.succeededFuture() : tcpServer.close()).mapEmpty();
    return closed.eventually(() -> liveness.close()).eventually(() -> mapperCalls.close())
        .compose(v -> vertx.executeBlocking(() -> Files.deleteIfExists(setup.socket())));
  }

  private void restoreRegistrations(Map<String, byte[]> kept) {
    kept.forEach((key, value) -> {
      if (!key.startsWith(KEPT_PREFIX)) {
        return;
      }
      try {
        MapperRegisterRequest request = MapperRegisterRequest.parseFrom(value);
        if (setup.mappers().builtIn().contains(request.getMapper().getProtocol())) {
          log.warn("[node: {}, mapper: {}] registration for protocol {} not restored: the protocol is now run built-in "
              + "(mappers.builtIn)", setup.node(), request.getMapper().getName(), request.getMapper().getProtocol());
          return;
        }
        mapperCalls.register(request.getMapper(), request.getWithData());
        log.info("[node: {}, mapper: {}] registration for protocol {} restored", setup.node(),
            request.getMapper().getName(), request.getMapper().getProtocol());
      } catch (InvalidProtocolBufferException e) {
        log.warn("[node: {}] kept mapper registration {} unreadable, skipped: {}", setup.node(), key, e.getMessage());
      }
    });
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private Throwable bindFailure(Throwable failure) {
    if (failure instanceof ConfigException) {
      return failure;
    }
    // Vert.x listens on a Unix socket with the JDK's own support (NIO) or the native transport
    return new IllegalStateException("edge.dmi.socket: cannot listen on " + setup.socket() + " (native transport "
        + (vertx.isNativeTransportEnabled() ? "on" : "off") + "): " + failure.getMessage(), failure);
  }

  private <Req, Resp> void unary(GrpcServer grpc, ServiceMethod<Req, Resp> method, Function<Req, Future<Resp>> call) {
    grpc.callHandler(method, request -> request.handler(message -> {
      GrpcServerResponse<Req, Resp> response = request.response();
      // a mapper that speaks W3C trace context continues its trace here; others start one
      Span span = setup.tracing().startChild(tracer, "DMI " + method.methodName(), SpanKind.SERVER,
          request.headers().get("traceparent"));
      Future<Resp> answer;
      try {
        answer = call.apply(message);
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
      answer.onSuccess(reply -> {
        count(method, GrpcStatus.OK);
        span.end();
        response.send(reply);
      }).onFailure(failure -> {
        GrpcStatus status = status(failure);
        count(method, status);
        span.setStatus(StatusCode.ERROR, status.name());
        span.end();
        if (status == GrpcStatus.INTERNAL || status == GrpcStatus.UNAVAILABLE) {
          log.warn("[node: {}] DMI {} failed: {}", setup.node(), method.methodName(), failure.toString());
        } else {
          log.info("[node: {}] DMI {} refused ({}): {}", setup.node(), method.methodName(), status.name(),
              failure.getMessage());
        }
        response.status(status).statusMessage(String.valueOf(failure.getMessage())).end();
      });
    }));
  }

  private void count(ServiceMethod<?, ?> method, GrpcStatus status) {
    calls.add(1, Attributes.of(METHOD, method.methodName(), CODE, status.name()));
  }

  private static GrpcStatus status(Throwable failure) {
    if (failure instanceof BuiltInProtocol) {
      return GrpcStatus.FAILED_PRECONDITION;
    }
    if (failure instanceof DmiRequests.InvalidRequest) {
      return GrpcStatus.INVALID_ARGUMENT;
    }
    if (failure instanceof TwinError error) {
      return error.code() == 404 ? GrpcStatus.NOT_FOUND : GrpcStatus.INVALID_ARGUMENT;
    }
    if (failure instanceof PublishRefusedException) {
      return GrpcStatus.RESOURCE_EXHAUSTED; // the outbox is full: the mapper may retry later
    }
    if (failure instanceof IllegalStateException) {
      return GrpcStatus.UNAVAILABLE;
    }
    return GrpcStatus.INTERNAL;
  }

  /**
   * A device method's write to device {@code <ns>/<name>} of an external mapper, as desired
   * values in an {@code UpdateDevice} call ({@link MapperCalls#writeDesired}); completes once the
   * mapper accepted it. Fails with an {@link IllegalStateException} when no mapper is there to
   * take it (nothing sent), otherwise with the mapper's failure.
   */
  public Future<Void> writeDesired(String namespace, String name, Map<String, String> values) {
    if (context == null || mapperCalls == null) {
      return Future.failedFuture(new IllegalStateException("the DMI server is not running"));
    }
    io.vertx.core.Context caller = vertx.getOrCreateContext();
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> mapperCalls.writeDesired(namespace + "/" + name, values)
        .recover(failure -> Future.failedFuture(failure instanceof MapperCalls.NoMapper
            ? new IllegalStateException(failure.getMessage()) : failure))
        .onComplete(done));
    return Future.fromCompletionStage(done.future().toCompletionStage(), caller);
  }

  /** A mapper for a protocol the edge runs itself: refused, so no device is read by two mappers. */
  private static final class BuiltInProtocol extends RuntimeException {
    BuiltInProtocol(String message) {
      super(message, null, false, false);
    }
  }
}
