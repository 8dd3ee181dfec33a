package io.vertedge.mappers.push.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.mappers.push.OutageLog;
import io.vertedge.mappers.push.Payload;
import io.vertedge.mappers.push.PushDroppedException;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.mappers.push.Reading;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes one property's readings to its topic over the connection it shares with every target on its broker. */
final class MqttTarget implements PushTarget {

  private static final Logger log = LoggerFactory.getLogger(MqttTarget.class);

  private final MqttConnection connection;
  private final MqttTargetConfig config;
  private final OutageLog outage;
  private boolean released;

  MqttTarget(MqttConnection connection, MqttTargetConfig config, String field) {
    this.connection = connection;
    this.config = config;
    this.outage = new OutageLog(log, field + ": mqtt push to " + config.address()
        + " topic " + config.topic());
  }

  @Override
  public Future<Void> push(Reading reading) {
    if (released) {
      return Future.failedFuture(new PushDroppedException("the target was released"));
    }
    String payload = config.payload() == Payload.KUBEEDGE
        ? "time is " + Payload.kubeEdgeTime(reading) + "  " + config.topic() + ": " + reading.value() // two spaces, as KubeEdge
        : Payload.json(reading);
    return connection.publish(config.topic(), Buffer.buffer(payload), MqttQoS.valueOf(config.qos()), config.retained())
        .onSuccess(v -> outage.worked(reading))
        .onFailure(failure -> {
          if (!(failure instanceof PushDroppedException)) { // drops while the broker is away: the connection logs the outage
            outage.failed(reading, failure);
          }
        });
  }

  @Override
  public void release() {
    if (!released) {
      released = true;
      connection.release();
    }
  }
}
