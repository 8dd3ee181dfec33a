package io.vertedge.mappers.push.mqtt;

import io.vertedge.mappers.push.PushConfig;
import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code pushMethod.mqtt} (KUBEEDGE-COMPAT §7.2): KubeEdge connects a new client for every push;
 * here one persistent {@link MqttConnection} per broker address serves every target naming it.
 */
public final class MqttPushMethod implements PushMethod {

  public static final String NAME = "mqtt";

  private final Vertx vertx;
  private final String node;
  private final Map<BrokerAddress, MqttConnection> connections = new HashMap<>();
  private int clients;

  public MqttPushMethod(Vertx vertx, String node) {
    this.vertx = vertx;
    this.node = node;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PushTarget target(String field, Map<String, Object> config) {
    MqttTargetConfig checked = MqttTargetConfig.of(new PushConfig(field, config));
    MqttConnection connection = connections.computeIfAbsent(checked.address(), address ->
        new MqttConnection(vertx, address, node, "vertedge-push-" + node + "-" + ++clients,
            () -> connections.remove(address)));
    connection.acquire();
    return new MqttTarget(connection, checked, field);
  }

  /** How many brokers it is connected to now. */
  public int connections() {
    return (int) connections.values().stream().filter(MqttConnection::connected).count();
  }

  @Override
  public Future<Void> close() {
    return Future.join(new ArrayList<>(connections.values()).stream().map(MqttConnection::close).toList()).mapEmpty();
  }
}
