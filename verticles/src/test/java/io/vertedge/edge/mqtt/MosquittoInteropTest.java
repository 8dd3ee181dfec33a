package io.vertedge.edge.mqtt;

import io.vertedge.edge.mqtt.MosquittoClients.Result;
import io.vertedge.edge.mqtt.MosquittoClients.Subscriber;
import io.vertedge.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Mosquitto's own C clients against the embedded broker, MQTT 3.1.1 and 5. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MosquittoInteropTest {

  private TestBroker broker;

  @BeforeEach
  void mosquittoClientsInstalled() {
    assumeTrue(MosquittoClients.installed(), "mosquitto-clients is not installed (scripts/test installs it)");
  }

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void mosquittoClientsOfBothVersionsExchangeMessagesAndWildcardsSkipDollarTopics() throws Exception {
    broker = TestBroker.start();
    try (Subscriber everything = MosquittoClients.subscribe(broker.port(), "-V", "5", "-q", "1", "-t", "#", "-C", "3", "-v")) {

      Result hardware = MosquittoClients.publish(broker.port(), "-V", "5", "-q", "1",
          "-t", "$hw/events/device/default/pump-1/twin/update", "-m", "{}");
      Result qos1 = MosquittoClients.publish(broker.port(), "-V", "311", "-q", "1", "-t", "sensors/hall/temperature", "-m", "21.5");
      Result qos0 = MosquittoClients.publish(broker.port(), "-V", "5", "-q", "0", "-t", "sensors/hall/humidity", "-m", "40");
      Result mqtt311qos0 = MosquittoClients.publish(broker.port(), "-V", "311", "-t", "pump-1/user/alarm", "-m", "dry run");

      assertEquals(List.of(0, 0, 0, 0), List.of(hardware.exit(), qos1.exit(), qos0.exit(), mqtt311qos0.exit()));
      // one broker loop: the $hw message, published first, would have come first
      assertEquals(List.of("sensors/hall/temperature 21.5", "sensors/hall/humidity 40", "pump-1/user/alarm dry run"),
          everything.messages());
      assertEquals(0, everything.exit());
    }
  }

  @Test
  void retainedMessagesReachLateSubscribersAndOnlyNamedDollarFilters() throws Exception {
    broker = TestBroker.start();
    MosquittoClients.publish(broker.port(), "-q", "1", "-r", "-t", "devices/pump-1/state", "-m", "online");
    MosquittoClients.publish(broker.port(), "-q", "1", "-r", "-t", "$hw/events/node/edge-1/membership/updated", "-m", "{}");
    Poll.until(Duration.ofSeconds(10), "both retained", () -> broker.metric("vertedge_mqtt_retained") == 2);

    List<String> everything = retainedSeenBy("#");
    List<String> hardware = retainedSeenBy("$hw/#");
    MosquittoClients.publish(broker.port(), "-q", "1", "-r", "-t", "devices/pump-1/state", "-n");
    Poll.until(Duration.ofSeconds(10), "one cleared", () -> broker.metric("vertedge_mqtt_retained") == 1);
    List<String> afterClearing = retainedSeenBy("devices/#");

    assertEquals(List.of("devices/pump-1/state online retain=1"), everything);
    assertEquals(List.of("$hw/events/node/edge-1/membership/updated {} retain=1"), hardware);
    assertEquals(List.of(), afterClearing);
  }

  @Test
  void aPersistentSessionQueuesQos1WhileTheSubscriberIsAway() throws Exception {
    broker = TestBroker.start();
    try (Subscriber first = MosquittoClients.subscribe(broker.port(), "-c", "-i", "worker", "-q", "1", "-t", "jobs/#", "-E")) {
      assertEquals(List.of(), first.messages());
    }
    Poll.until(Duration.ofSeconds(10), "worker gone", () -> broker.metric("vertedge_mqtt_clients_connected") == 0);

    MosquittoClients.publish(broker.port(), "-q", "1", "-t", "jobs/1", "-m", "do it");
    MosquittoClients.publish(broker.port(), "-V", "5", "-q", "1", "-t", "jobs/2", "-m", "and this");
    try (Subscriber back = MosquittoClients.resume(broker.port(), "-c", "-i", "worker", "-q", "1", "-t", "jobs/#", "-C", "2", "-v")) {

      assertEquals(List.of("jobs/1 do it", "jobs/2 and this"), back.messages());
    }
  }

  @Test
  void credentialsAreRefusedAsEachVersionSaysIt() throws Exception {
    broker = TestBroker.start(BrokerConfig.defaults().withCredentials("edge", "s3cret"));

    Result mqtt311 = MosquittoClients.publish(broker.port(), "-V", "311", "-u", "edge", "-P", "guess", "-t", "a", "-m", "x");
    Result mqtt5 = MosquittoClients.publish(broker.port(), "-V", "5", "-u", "edge", "-P", "guess", "-t", "a", "-m", "x");
    Result admitted = MosquittoClients.publish(broker.port(), "-V", "5", "-u", "edge", "-P", "s3cret", "-q", "1", "-t", "a", "-m", "x");

    assertEquals(new Result(4, "", "Connection error: Connection Refused: bad user name or password.\n"
        + "Error: The connection was refused.\n"), mqtt311);
    assertEquals(134, mqtt5.exit(), "the CONNACK reason code 0x86");
    assertEquals("Connection error: Bad User Name or Password\n", mqtt5.stderr().lines().findFirst().orElseThrow() + "\n");
    assertEquals(new Result(0, "", ""), admitted);
  }

  @Test
  void anOversizeMessageIsRefusedAndTheBrokerServesTheNextClient() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withMaxPacketSize(1024));
    String big = "x".repeat(2048);
    try (Subscriber watcher = MosquittoClients.subscribe(broker.port(), "-q", "1", "-t", "uploads/#", "-C", "1", "-v")) {

      Result mqtt311 = MosquittoClients.publish(broker.port(), "-V", "311", "-q", "1", "-t", "uploads/big", "-m", big);
      // MQTT 5: mosquitto_pub honours the Maximum Packet Size of the CONNACK and does not send it at all
      Result mqtt5 = MosquittoClients.publish(broker.port(), "-V", "5", "-q", "1", "-t", "uploads/big", "-m", big);
      Result small = MosquittoClients.publish(broker.port(), "-q", "1", "-t", "uploads/note", "-m", "small");

      assertEquals(new Result(7, "", "Error: The connection was lost.\n"), mqtt311);
      assertEquals(new Result(0, "", ""), mqtt5);
      assertEquals(new Result(0, "", ""), small);
      assertEquals(List.of("uploads/note small"), watcher.messages());
      assertEquals(1, broker.metric("vertedge_mqtt_connections_closed_total{reason=\"packet_too_large\"}"));
    }
  }

  /** What a new mosquitto_sub gets as retained: it stops at the first non-retained message, a marker. */
  private List<String> retainedSeenBy(String filter) throws Exception {
    try (Subscriber subscriber = MosquittoClients.subscribe(broker.port(), "-V", "5", "-q", "1", "-t", filter,
        "-t", "marker", "--retained-only", "-F", "%t %p retain=%r")) {
      MosquittoClients.publish(broker.port(), "-t", "marker", "-m", "end");
      return subscriber.messages();
    }
  }
}
