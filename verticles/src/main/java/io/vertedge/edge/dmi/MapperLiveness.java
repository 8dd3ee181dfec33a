package io.vertedge.edge.dmi;

import io.vertedge.dmi.v1beta1.MapperInfo;
import io.vertedge.edge.twin.DeviceTwin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Notices a mapper that went away: every {@link #PROBE_MILLIS} each mapper that is called back
 * is dialled at its socket; when nothing answers (socket gone, process dead), or a call to it
 * went unanswered past its deadline (hung), its devices are reported {@code offline} once per
 * outage. A mapper that is back reports its own states again
 * (KubeEdge's mapper framework does at start); registering anew starts a new watch. Confined to
 * the DMI server's context.
 */
final class MapperLiveness {

  static final long PROBE_MILLIS = 2000;
  private static final Logger log = LoggerFactory.getLogger(MapperLiveness.class);

  private final Vertx vertx;
  private final String node;
  private final MapperCalls calls;
  private final DeviceTwin twin;
  private final NetClient probe;
  private final Set<String> down = new HashSet<>();
  private long timer = -1;

  MapperLiveness(Vertx vertx, String node, MapperCalls calls, DeviceTwin twin) {
    this.vertx = vertx;
    this.node = node;
    this.calls = calls;
    this.twin = twin;
    this.probe = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) PROBE_MILLIS));
  }

  void start() {
    timer = vertx.setPeriodic(PROBE_MILLIS, id -> calls.called().forEach(this::probe));
  }

  /** A new registration of the protocol: watched afresh. */
  void registered(String protocol) {
    down.remove(protocol);
  }

  Future<Void> close() {
    vertx.cancelTimer(timer);
    return probe.close();
  }

  /** A call to the mapper of {@code protocol} went unanswered: down, as if the dial had failed. */
  void unanswered(String protocol) {
    MapperInfo mapper = calls.called().get(protocol);
    if (mapper != null) {
      down(protocol, mapper, "a call went unanswered");
    }
  }

  private void probe(String protocol, MapperInfo mapper) {
    String socket = mapper.getAddress().toString(StandardCharsets.UTF_8);
    probe.connect(SocketAddress.domainSocketAddress(socket))
        .onSuccess(connection -> {
          connection.close();
          if (down.remove(protocol)) {
            log.info("[node: {}, mapper: {}] answers again at {}", node, mapper.getName(), socket);
          }
        })
        .onFailure(failure -> {
          if (sameMapper(protocol, mapper)) {
            down(protocol, mapper, failure.getMessage());
          }
        });
  }

  private void down(String protocol, MapperInfo mapper, String why) {
    if (!down.add(protocol)) {
      return;
    }
    var devices = calls.devicesOf(protocol);
    log.warn("[node: {}, mapper: {}] does not answer at {} ({}): its {} devices are offline", node,
        mapper.getName(), mapper.getAddress().toString(StandardCharsets.UTF_8), why, devices.size());
    for (String id : devices) {
      String[] name = id.split("/", 2);
      twin.reportState(name[0], name[1], "offline").onFailure(refused -> log.warn(
          "[node: {}, device: {}] could not be marked offline: {}", node, id, refused.getMessage()));
    }
  }

  /** Still the registered mapper: a re-registration during the probe is not marked down. */
  private boolean sameMapper(String protocol, MapperInfo mapper) {
    Map<String, MapperInfo> now = calls.called();
    return mapper.equals(now.get(protocol));
  }
}
