package io.vertedge.runtime;

import io.vertedge.BuildInfo;
import io.vertedge.api.Readiness;
import io.vertedge.config.DataDirs;
import io.vertedge.config.EdgeConfig;
import io.vertedge.delivery.EdgeDelivery;
import io.vertedge.delivery.DropOldest;
import io.vertedge.config.MqttMode;
import io.vertedge.edge.dmi.DmiServer;
import io.vertedge.edge.mappers.BuiltInMappers;
import io.vertedge.edge.methods.EdgeMethods;
import io.vertedge.edge.eventbus.UploadDoor;
import io.vertedge.edge.mqtt.BrokerConfig;
import io.vertedge.config.Mqtt;
import io.vertedge.edge.eventbus.MqttBus;
import io.vertedge.edge.mqtt.MqttBroker;
import io.vertedge.edge.mqtt.external.ExternalBroker;
import io.vertedge.edge.mqtt.external.ExternalMqttBus;
import io.vertedge.edge.servicebus.ServiceCallForwarder;
import io.vertedge.edge.twin.DeviceTwin;
import io.vertedge.edge.twin.TwinRoutes;
import io.vertedge.link.proto.Envelope;
import io.vertedge.mappers.push.PushMethod;
import io.vertedge.delivery.OutboxBounds;
import io.vertedge.edge.api.EdgeApi;
import io.vertedge.edge.api.EdgeDeviceRoutes;
import io.vertedge.edge.api.EdgeNodeState;
import io.vertedge.edge.hub.EdgeHub;
import io.vertedge.edge.join.JoinClient;
import io.vertedge.link.Link;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkProvider;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertedge.link.auto.AutoLinkProvider;
import io.vertedge.link.quic.QuicLinkProvider;
import io.vertedge.link.quic.QuicSettings;
import io.vertedge.link.websocket.WebSocketLinkProvider;
import io.vertedge.otel.Telemetry;
import io.vertedge.pki.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The edge's composition root. The edge API comes up first, so the edge answers while it
 * joins; the join (first start only) and then the link follow. A join the cloud refuses is
 * fatal ({@link #fatal()}); an unreachable cloud is retried.
 */
public final class EdgeRuntime {

  private static final Logger log = LoggerFactory.getLogger(EdgeRuntime.class);

  private final Vertx vertx;
  private final EdgeConfig config;
  private final Telemetry telemetry;
  private final Optional<String> token;
  private final Readiness readiness = new Readiness();
  private final Deployments deployments;
  private final EndpointsFile endpointsFile;
  /** The built-in mappers' push methods; shared connections, closed after the mappers stop. */
  private final List<PushMethod> pushMethods;
  private volatile ServiceCallForwarder serviceCalls;
  private volatile String mqttUrl;
  private volatile MqttBus mqttBus;
  private final Promise<Void> fatal = Promise.promise();
  private JoinClient joinClient;
  private EdgeApi api;
  private volatile EdgeHub hub;
  private volatile EdgeDelivery delivery;
  private DeviceTwin twin;
  private volatile DmiServer dmi;
  private volatile EdgeMethods methods;

  private EdgeRuntime(Vertx vertx, EdgeConfig config, Telemetry telemetry, Optional<String> token) {
    this.vertx = vertx;
    this.config = config;
    this.telemetry = telemetry;
    this.token = token;
    this.endpointsFile = new EndpointsFile(vertx, config.dataDir());
    this.deployments = new Deployments(vertx);
    this.pushMethods = BuiltInMappers.pushMethods(telemetry.meter("io.vertedge.otel")).stream()
        .map(factory -> factory.create(vertx, config.nodeName(), BuildInfo.current().version())).toList();
  }

  /** Completes once the edge API is bound; joining and linking go on in the background. */
  public static Future<EdgeRuntime> start(Vertx vertx, EdgeConfig config, Telemetry telemetry, Optional<String> token) {
    EdgeRuntime runtime = new EdgeRuntime(vertx, config, telemetry, token);
    return runtime.startAll().map(runtime);
  }

  private Future<Void> startAll() {
    Readiness.Check joined = readiness.register("node-certificate");
    Readiness.Check stored = readiness.register("store");
    joinClient = new JoinClient(vertx, JoinClient.Options.of(config.cloud(), config.nodeName(),
        token.orElse(null), config.dataDir()));
    api = new EdgeApi(new EdgeApi.Setup(config.api().host(), config.api().port(), this::state, telemetry, readiness));
    api.routes(new EdgeDeviceRoutes(config.nodeName(), () -> delivery)::mount);
    return vertx.executeBlocking(() -> {
      PortCheck ports = new PortCheck("edge").free("api.port", config.api().host(), config.api().port(),
          " (another mapper?)");
      return config.mqtt().mode() == MqttMode.INTERNAL
          ? ports.free("mqtt.port", config.mqtt().host(), config.mqtt().port(), " (another MQTT broker, such as mosquitto?)")
          : ports;
    })
        .compose(ports -> vertx.executeBlocking(() -> DataDirs.create(config.dataDir())))
        // the store first: accepting anything before it is open would promise what cannot be kept
        .compose(dir -> EdgeDelivery.open(vertx, config.dataDir(),
            new OutboxBounds(config.store().outboxMaxBytes(), config.store().outboxMaxAge()),
            new DropOldest(config.store().dropOldestTopics(), config.store().dropOldestMaxBytes()),
            telemetry.meter("io.vertedge.store")))
        .compose(opened -> {
          delivery = opened;
          stored.up();
          twin = new DeviceTwin(new DeviceTwin.Setup(config.nodeName(), delivery, telemetry.meter("io.vertedge.twin"),
              telemetry.tracing()));
          api.routes(router -> TwinRoutes.register(router, twin));
          return startBroker();
        })
        .compose(v -> startDmi())
        .compose(v -> deployBuiltInMappers())
        .compose(v -> deployments.deployBinding(api, "edge", "api.port", config.api().port()))
        .compose(v -> endpointsFile.write(endpoints()))
        .onSuccess(v -> log.info("[node: {}] edge serving: api {}, I/O on {}", config.nodeName(), apiUrl(),
            NativeTransport.describe(vertx)))
        .onSuccess(v -> joinClient.ensureJoined()
            .onSuccess(certificate -> joined.up())
            .compose(certificate -> startLink())
            .onFailure(fatal::tryFail));
  }

  /** The edge's side of MQTT (mqtt.mode) with its doors, once the store is open to take what they accept. */
  private Future<Void> startBroker() {
    Mqtt mqtt = config.mqtt();
    if (mqtt.mode() == MqttMode.EXTERNAL) {
      Readiness.Check reachable = readiness.register("mqtt-broker");
      ExternalMqttBus external = new ExternalMqttBus(ExternalBroker.of(mqtt, config.nodeName()),
          telemetry.meter("io.vertedge.mqtt"), reachable::set);
      Future<Void> doors = openDoors(external); // before it connects: nothing is acknowledged before its door is there
      return deployments.deploy(external).compose(v -> doors).compose(v -> started(external, external.url()));
    }
    MqttBroker internal = new MqttBroker(new BrokerConfig(mqtt.host(), mqtt.port(),
        mqtt.username() == null ? null : new BrokerConfig.Credentials(mqtt.username(), mqtt.password()), mqtt.limits()),
        telemetry.meter("io.vertedge.mqtt"));
    Future<Void> doors = openDoors(internal); // subscribed before the port opens
    return deployments.deployBinding(internal, "edge", "mqtt.port", mqtt.port())
        .compose(v -> doors)
        .compose(v -> started(internal, internal.url()));
  }

  /** The twin comes after its bus and before the link: it reads what it holds before cloud state comes. */
  private Future<Void> started(MqttBus bus, String url) {
    mqttBus = bus;
    mqttUrl = url;
    return deployments.deploy(twin).mapEmpty();
  }

  /** DMI for out-of-process mappers, once the twin that takes their reports runs. */
  private Future<Void> startDmi() {
    DmiServer server = new DmiServer(new DmiServer.Setup(config.nodeName(), config.dmiSocket(), twin, delivery,
        telemetry.meter("io.vertedge.dmi"), config.mappers(), telemetry.tracing()));
    return deployments.deploy(server).onSuccess(v -> dmi = server);
  }

  /** The built-in mappers, and the device methods that write through them (routes added before the API starts). */
  private Future<Void> deployBuiltInMappers() {
    BuiltInMappers builtIn = new BuiltInMappers(new BuiltInMappers.Setup(config.nodeName(), delivery, twin,
        telemetry.meter("io.vertedge.mappers"), BuiltInMappers.drivers(config.mappers().builtIn()), pushMethods,
        telemetry.tracing()));
    methods = new EdgeMethods(vertx, new EdgeMethods.Setup(config.nodeName(), () -> delivery, builtIn, () -> dmi,
        () -> twin, telemetry.meter("io.vertedge.methods")));
    api.routes(methods::mount);
    return deployments.deploy(builtIn);
  }

  /** The doors between device apps and the hub, on whichever bus carries MQTT; call before the bus starts. */
  private Future<Void> openDoors(MqttBus bus) {
    return Future.all(UploadDoor.open(bus, delivery, config.nodeName()), twin.open(bus)).mapEmpty();
  }

  private Future<Void> startLink() {
    NodeIdentity identity = joinClient.identity();
    LinkSettings settings = new LinkSettings(config.link().heartbeatInterval(), config.link().heartbeatMisses(),
        (int) config.link().maxFrameSize(), Duration.ofSeconds(10), BuildInfo.current().version());
    LinkProvider provider = provider(tls(identity), settings, new LinkMetrics(telemetry.meter("io.vertedge.link")));
    serviceCalls = new ServiceCallForwarder(vertx, config.nodeName(), config.serviceBus());
    EdgeHub edgeHub = new EdgeHub(new EdgeHub.Deps(config.nodeName(), provider, this::linkEndpoints,
        delivery::session, this::downstream));
    return deployments.deploy(edgeHub).onSuccess(v -> {
      hub = edgeHub;
      joinClient.startRenewal(certificate -> edgeHub.certificateRenewed(tls(identity)));
    }).mapEmpty();
  }

  /** What arrives from the cloud outside the reliable channels, on the hub's event loop. */
  private void downstream(Link link, Envelope envelope) {
    if (!serviceCalls.handle(link, envelope) && !methods.handle(link, envelope)) {
      log.debug("[node: {}, message: {}] downstream {} ignored", config.nodeName(), envelope.getId(),
          envelope.getRoute().getOperation());
    }
  }

  private LinkProvider provider(LinkTls tls, LinkSettings settings, LinkMetrics metrics) {
    QuicSettings quic = config.link().quic();
    return switch (config.transport()) {
      case WEBSOCKET -> new WebSocketLinkProvider(vertx, tls, settings, metrics);
      case QUIC -> new QuicLinkProvider(vertx, tls, settings, quic, metrics);
      case AUTO -> new AutoLinkProvider(vertx, new QuicLinkProvider(vertx, tls, settings, quic, metrics),
          new WebSocketLinkProvider(vertx, tls, settings, metrics), quic, metrics);
    };
  }

  private static LinkTls tls(NodeIdentity identity) {
    return new LinkTls(identity.caCert(), identity.nodeCert(), identity.nodeKey());
  }

  private Future<LinkEndpoints> linkEndpoints() {
    return joinClient.fetchEndpoints()
        .map(json -> new LinkEndpoints(json.getString("websocket"), json.getString("quic", "")));
  }

  private EdgeNodeState state() {
    Optional<Link> link = hub == null ? Optional.empty() : hub.link();
    EdgeDelivery opened = delivery;
    return new EdgeNodeState(config.nodeName(), config.cloud(), link.isPresent(),
        link.map(Link::transport).orElse(null), opened == null ? 0 : opened.pendingEvents());
  }

  /** Fails when the edge cannot go on: the cloud refused the join. */
  public Future<Void> fatal() {
    return fatal.future();
  }

  public Optional<Link> link() {
    return hub == null ? Optional.empty() : hub.link();
  }

  public String apiUrl() {
    return "http://" + CloudRuntime.reachable(config.api().host()) + ":" + api.actualPort();
  }

  public JsonObject endpoints() {
    JsonObject endpoints = new JsonObject().put("api", apiUrl());
    String mqtt = mqttUrl;
    if (mqtt != null) {
      endpoints.put("mqtt", mqtt);
    }
    if (dmi != null) {
      endpoints.put("dmi", "unix://" + config.dmiSocket().toAbsolutePath());
      dmi.tcpAddress().ifPresent(tcp -> endpoints.put("dmiTcp", tcp.toString()));
    }
    return endpoints;
  }

  public Future<Void> stop() {
    return deployments.undeployAll()
        .eventually(() -> Future.join(pushMethods.stream().map(PushMethod::close).toList()))
        .eventually(() -> serviceCalls == null ? Future.succeededFuture() : serviceCalls.close())
        .eventually(() -> joinClient.close())
        .eventually(this::closeStore)
        .eventually(endpointsFile::remove);
  }

  /** The edge's side of MQTT, whichever mode (null before {@link #start} completed). */
  public MqttBus mqtt() {
    return mqttBus;
  }

  /** The edge's durable store and its outbox (open once {@link #start} completed). */
  public EdgeDelivery delivery() {
    return delivery;
  }

  private Future<Void> closeStore() {
    EdgeDelivery opened = delivery;
    return opened == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      opened.close();
      return null;
    });
  }
}
