package io.vertedge.runtime;

import io.vertedge.BuildInfo;
import io.vertedge.api.Readiness;
import io.vertedge.cloud.api.AdminApi;
import io.vertedge.cloud.devices.DesiredTraces;
import io.vertedge.cloud.devices.DeviceController;
import io.vertedge.cloud.devices.DeviceRegistry;
import io.vertedge.cloud.devices.DeviceRoutes;
import io.vertedge.cloud.twins.TwinService;
import io.vertedge.cloud.hub.CloudHub;
import io.vertedge.cloud.hub.CloudNodeDirectory;
import io.vertedge.cloud.methods.MethodRoutes;
import io.vertedge.cloud.hub.NodeSessions;
import io.vertedge.cloud.join.JoinServer;
import io.vertedge.cloud.join.LinkPorts;
import io.vertedge.delivery.CloudDelivery;
import io.vertedge.link.calls.LinkCalls;
import io.vertedge.link.proto.Envelope;
import io.vertedge.cloud.nodes.FileNodeRegistry;
import io.vertedge.cloud.nodes.JoinedNode;
import io.vertedge.cloud.nodes.NodeRegistry;
import io.vertedge.config.CloudConfig;
import io.vertedge.config.DataDirs;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertedge.otel.Telemetry;
import io.vertedge.pki.CertificateAuthority;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The cloud's composition root: PKI, node registry, delivery store, device registry, API, link
 * hub and join server, started in that order (a failure stops the start), stopped in reverse.
 */
public final class CloudRuntime {

  private static final Logger log = LoggerFactory.getLogger(CloudRuntime.class);

  private final Vertx vertx;
  private final CloudConfig config;
  private final Telemetry telemetry;
  private final Readiness readiness = new Readiness();
  private final Deployments deployments;
  private final List<BiConsumer<String, Envelope>> upstreamConsumers = new CopyOnWriteArrayList<>();
  private volatile CloudDelivery delivery;
  private final EndpointsFile endpointsFile;
  private final NodeSessions sessions = new NodeSessions();
  private final LinkCalls calls;
  private CertificateAuthority ca;
  private NodeRegistry registry;
  private CloudHub hub;
  private JoinServer join;
  private AdminApi api;
  private DeviceRegistry devices;
  private TwinService twins;

  private CloudRuntime(Vertx vertx, CloudConfig config, Telemetry telemetry) {
    this.vertx = vertx;
    this.calls = new LinkCalls(vertx);
    this.config = config;
    this.telemetry = telemetry;
    this.endpointsFile = new EndpointsFile(vertx, config.dataDir());
    this.deployments = new Deployments(vertx);
  }

  /** Starts everything; completes once every listener is bound and {@code endpoints.json} is written. */
  public static Future<CloudRuntime> start(Vertx vertx, CloudConfig config, Telemetry telemetry) {
    CloudRuntime runtime = new CloudRuntime(vertx, config, telemetry);
    return runtime.startAll().map(runtime);
  }

  private Future<Void> startAll() {
    Readiness.Check store = readiness.register("store");
    Readiness.Check links = readiness.register("link-server");
    Readiness.Check joins = readiness.register("join-server");
    return vertx.executeBlocking(() -> new PortCheck("cloud")
            .free("api.port", config.api().host(), config.api().port())
            .free("join.port", config.join().host(), config.join().port())
            .free("link.websocketPort", config.link().host(), config.link().websocketPort())
            .freeUdp("link.quicPort", config.link().host(), config.link().quicPort()))
        .compose(ports -> vertx.executeBlocking(() -> DataDirs.create(config.dataDir())))
        .compose(dir -> CertificateAuthority.open(vertx, config.dataDir(), extraServerNames()))
        .compose(authority -> {
          ca = authority;
          return FileNodeRegistry.open(vertx, config.dataDir());
        })
        .compose(nodes -> {
          registry = nodes;
          return CloudDelivery.open(vertx, config.dataDir(), telemetry.meter("io.vertedge.store"), this::upstream);
        })
        .compose(opened -> {
          delivery = opened;
          return deployDevices();
        })
        .compose(v -> {
          store.up();
          return deployApi();
        })
        .compose(v -> deployHub()).onSuccess(v -> links.up())
        .compose(v -> deployJoin()).onSuccess(v -> joins.up())
        .compose(v -> endpointsFile.write(endpoints()))
        .onSuccess(v -> log.info("cloud ready: api {}, join {}, links {} and quic://{}; I/O on {}", apiUrl(), joinUrl(),
            websocketUrl(), quicAddress(), NativeTransport.describe(vertx)));
  }

  private List<String> extraServerNames() {
    return config.link().advertiseHost() == null ? List.of() : List.of(config.link().advertiseHost());
  }

  private Future<Void> deployDevices() {
    devices = new DeviceRegistry(delivery.state(), delivery.stateLog(), DeviceRegistry.DEFAULT_HISTORY);
    DesiredTraces traces = new DesiredTraces(telemetry.tracing());
    twins = new TwinService(devices, delivery, () -> registry.all().stream().map(JoinedNode::name).toList(),
        telemetry.meter("io.vertedge.twins"), traces);
    return deployments.deploy(devices).compose(v -> deployments.deploy(new DeviceController(devices, delivery,
        () -> registry.all().stream().map(JoinedNode::name).toList(), traces)))
        .compose(v -> deployments.deploy(twins));
  }

  private Future<Void> deployApi() {
    CloudNodeDirectory nodes = new CloudNodeDirectory(registry, sessions, calls);
    api = new AdminApi(new AdminApi.Setup(config.api().host(), config.api().port(), nodes, telemetry, readiness,
        new DeviceRoutes(devices, Clock.systemUTC(), DeviceRoutes.DEFAULT_BOOKMARK_INTERVAL)
            .alongside(twins.routes()::mount)
            .alongside(new MethodRoutes(devices, nodes)::mount)));
    return deployments.deployBinding(api, "cloud", "api.port", config.api().port());
  }

  private Future<Void> deployHub() {
    LinkSettings settings = new LinkSettings(config.link().heartbeatInterval(), config.link().heartbeatMisses(),
        (int) config.link().maxFrameSize(), Duration.ofSeconds(10), BuildInfo.current().version());
    LinkTls tls = new LinkTls(ca.caCert(), ca.serverCert(), ca.serverKey());
    hub = new CloudHub(new CloudHub.Deps(tls, settings, new LinkMetrics(telemetry.meter("io.vertedge.link")),
        registry, sessions, config.link().host(), config.link().websocketPort(), config.link().quicPort(),
        config.link().quic(), delivery, calls, this::upstream));
    return deployments.deployBinding(hub, "cloud", "link.websocketPort", config.link().websocketPort());
  }

  private Future<Void> deployJoin() {
    join = new JoinServer(new JoinServer.Collaborators(ca, registry, config.join().host(), config.join().port(),
        CertificateAuthority.DEFAULT_NODE_VALIDITY, config.link().advertiseHost(),
        () -> new LinkPorts(hub.websocketPort(), hub.quicPort())));
    return deployments.deployBinding(join, "cloud", "join.port", config.join().port());
  }


  /** What {@code endpoints.json} says: the addresses actually bound. */
  public JsonObject endpoints() {
    return new JsonObject()
        .put("api", apiUrl())
        .put("join", joinUrl())
        .put("websocket", websocketUrl())
        .put("quic", quicAddress());
  }

  /** {@code host:port}, as {@code /v1/endpoints} gives it (API.md section 3). */
  public String quicAddress() {
    return reachable(config.link().host()) + ":" + hub.quicPort();
  }

  public String apiUrl() {
    return "http://" + reachable(config.api().host()) + ":" + api.actualPort();
  }

  public String joinUrl() {
    return "https://" + reachable(config.join().host()) + ":" + join.actualPort();
  }

  public String websocketUrl() {
    return "wss://" + reachable(config.link().host()) + ":" + hub.websocketPort() + "/v1/link";
  }

  public int joinPort() {
    return join.actualPort();
  }

  /** Reliable delivery: the inbound log and the state sent to nodes (open once {@link #start} completed). */
  public CloudDelivery delivery() {
    return delivery;
  }

  /** Devices, models and device statuses (open once {@link #start} completed). */
  public DeviceRegistry devices() {
    return devices;
  }

  public CertificateAuthority certificateAuthority() {
    return ca;
  }

  public Readiness readiness() {
    return readiness;
  }

  /** Stops accepting, closes links with a reason, closes the store, removes {@code endpoints.json}. */
  public Future<Void> stop() {
    return deployments.undeployAll()
        .eventually(this::closeStore)
        .eventually(endpointsFile::remove);
  }

  /**
   * Adds a consumer of what edges send: reliable events once they are durable here, and the
   * rest as it arrives. The devices issue's router hangs here.
   */
  public void onUpstream(BiConsumer<String, Envelope> consumer) {
    upstreamConsumers.add(consumer);
  }

  private void upstream(String node, Envelope envelope) {
    log.debug("[node: {}, message: {}] upstream {}", node, envelope.getId(), envelope.getRoute().getOperation());
    for (BiConsumer<String, Envelope> consumer : upstreamConsumers) {
      consumer.accept(node, envelope);
    }
  }

  private Future<Void> closeStore() {
    CloudDelivery opened = delivery;
    if (opened == null) {
      return Future.succeededFuture();
    }
    // state writes accepted last (a device's, a node's) are applied now rather than replayed at the next start
    return opened.stateApplied().timeout(5, TimeUnit.SECONDS).eventually(() -> vertx.executeBlocking(() -> {
      opened.close();
      return null;
    }));
  }


  /** A wildcard bind is reached locally on loopback. */
  static String reachable(String host) {
    return "0.0.0.0".equals(host) || "::".equals(host) || host.isEmpty() ? "127.0.0.1" : host;
  }
}
