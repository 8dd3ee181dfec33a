package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.vertedge.mqtt.TopicFilter;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionTreeTest {

  private static final List<String> FILTERS = List.of("#", "+", "+/+", "a", "a/", "a/#", "a/+", "a/b", "a/b/#", "a/+/c",
      "+/b/+", "/#", "/+", "+/", "$hw/#", "$hw/events/device/+/+/twin/+", "$hw/+/device/#", "+/user/#", "$SYS",
      "a/ b", " a");
  private static final List<String> TOPICS = List.of("a", "a/", "a/b", "a/b/c", "a/x/c", "a/b/c/d", "/", "/a", "b",
      "x/b/y", "$hw", "$hw/events/device/default/pump-1/twin/update", "$hw/events/device/x", "$SYS", "pump/user/alarm",
      "a/ b", " a", "$hw/");

  private final Vertx vertx = Vertx.vertx();
  private final SubscriptionTree tree = new SubscriptionTree();
  private final Session subscriber = new Session("client-1", vertx, BrokerLimits.DEFAULTS, BrokerMetrics.noop());

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void matchesExactlyAsTopicFilterDoesDollarRuleIncluded() {
    for (String filter : FILTERS) {
      tree.add(subscription(filter));
    }

    for (String topic : TOPICS) {
      Set<String> expected = new TreeSet<>();
      FILTERS.stream().filter(f -> TopicFilter.exact(f).matches(topic)).forEach(expected::add);
      assertEquals(expected, matched(topic), "topic \"" + topic + "\"");
    }
    assertEquals(Set.of("$hw/#", "$hw/events/device/+/+/twin/+", "$hw/+/device/#"),
        matched("$hw/events/device/default/pump-1/twin/update"), "no leading wildcard matches a $ topic");
    assertEquals(Set.of("#", "+", "a", "a/#"), matched("a"), "a/# also matches its parent level");
  }

  @Test
  void removingSubscriptionsLeavesNothingBehind() {
    for (String filter : FILTERS) {
      tree.add(subscription(filter));
    }

    for (String filter : FILTERS) {
      assertTrue(tree.remove(subscriber, TopicFilter.exact(filter)), filter);
    }

    assertEquals(0, tree.size());
    assertFalse(tree.remove(subscriber, TopicFilter.exact("a/b")));
    for (String topic : TOPICS) {
      assertEquals(Set.of(), matched(topic));
    }
  }

  @Test
  void subscribingTwiceToOneFilterReplacesTheFirst() {
    assertTrue(tree.add(subscription("a/+")));
    assertFalse(tree.add(new Subscription(subscriber, TopicFilter.exact("a/+"),
        MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_MOST_ONCE))));

    List<Subscription> matches = new ArrayList<>();
    tree.match("a/b", matches::add);

    assertEquals(1, tree.size());
    assertEquals(MqttQoS.AT_MOST_ONCE, matches.get(0).qos());
  }


  private Subscription subscription(String filter) {
    return new Subscription(subscriber, TopicFilter.exact(filter), MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_LEAST_ONCE));
  }

  private Set<String> matched(String topic) {
    Set<String> filters = new TreeSet<>();
    tree.match(topic, s -> filters.add(s.filter().toString()));
    return filters;
  }
}
