package io.vertedge.load.broker;

import io.vertedge.edge.mqtt.BrokerConfig;
import io.vertedge.edge.mqtt.MqttBroker;
import io.vertedge.otel.Telemetry;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.Map;

/**
 * The edge's embedded broker alone in its own process, as {@code mqtt.mode: internal} runs it
 * (shipped limits, the product's OTel meter, no in-process consumer), so that it can be
 * measured next to a {@code mosquitto} process. Prints {@code port N} once it listens and
 * stops when its standard input closes (its parent ended).
 *
 * <pre>java -cp ... io.vertedge.load.broker.EmbeddedBroker [port=0]</pre>
 */
public final class EmbeddedBroker {

  private EmbeddedBroker() {
  }

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Telemetry telemetry = Telemetry.create("vertedge-edge", "0.1.0", Map.of());
    Vertx vertx = Vertx.vertx();
    MqttBroker broker = new MqttBroker(BrokerConfig.defaults().withPort(port),
        telemetry.meter("io.vertedge.mqtt"));
    vertx.deployVerticle(broker).await();
    System.out.println("port " + broker.actualPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // nothing is expected on stdin; its end is the signal to stop
    }
    vertx.close().await();
    telemetry.close();
  }
}
