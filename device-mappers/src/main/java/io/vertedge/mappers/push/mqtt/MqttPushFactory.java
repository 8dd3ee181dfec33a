package io.vertedge.mappers.push.mqtt;

import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushMethodFactory;
import io.vertx.core.Vertx;

/** Creates the {@code mqtt} push method. */
public final class MqttPushFactory implements PushMethodFactory {

  @Override
  public String name() {
    return MqttPushMethod.NAME;
  }

  @Override
  public PushMethod create(Vertx vertx, String node, String version) {
    return new MqttPushMethod(vertx, node);
  }
}
