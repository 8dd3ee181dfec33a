package io.vertedge.edge.mqtt;

import io.vertedge.mqtt.TopicFilter;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every subscription of the broker in a tree of topic levels, so that finding the subscribers
 * of a topic walks its levels instead of trying every filter. It matches exactly as
 * {@link TopicFilter#matches} does, {@code $} rule included ({@code SubscriptionTreeTest}
 * checks both agree); not thread-safe, used on the broker's event loop.
 */
final class SubscriptionTree {

  private static final String ONE_LEVEL = "+";
  private static final String ALL_LEVELS = "#";

  private final Node root = new Node(null, null);
  private int size;

  /** Adds or replaces the subscription of its subscriber to its filter; true when it is new. */
  boolean add(Subscription subscription) {
    Node node = root;
    for (String level : subscription.filter().levels()) {
      node = node.child(level);
    }
    boolean added = node.subscriptions.put(subscription.subscriber(), subscription) == null;
    if (added) {
      size++;
    }
    return added;
  }

  /** True when the subscriber had subscribed to this filter. */
  boolean remove(Subscriber subscriber, TopicFilter filter) {
    Node node = root;
    for (String level : filter.levels()) {
      node = node.children == null ? null : node.children.get(level);
      if (node == null) {
        return false;
      }
    }
    if (node.subscriptions.remove(subscriber) == null) {
      return false;
    }
    size--;
    node.pruneIfEmpty();
    return true;
  }

  /** Calls {@code visitor} with every subscription whose filter matches {@code topic}. */
  void match(String topic, Consumer<Subscription> visitor) {
    String[] levels = topic.split("/", -1);
    walk(root, levels, 0, topic.startsWith("$"), visitor);
  }

  int size() {
    return size;
  }

  private static void walk(Node node, String[] levels, int index, boolean dollar, Consumer<Subscription> visitor) {
    boolean wildcardsApply = !(index == 0 && dollar);
    Node all = wildcardsApply ? node.get(ALL_LEVELS) : null;
    if (all != null) {
      // "a/#" matches "a" as well as everything below it
      all.subscriptions.values().forEach(visitor);
    }
    if (index == levels.length) {
      node.subscriptions.values().forEach(visitor);
      return;
    }
    Node one = wildcardsApply ? node.get(ONE_LEVEL) : null;
    if (one != null) {
      walk(one, levels, index + 1, dollar, visitor);
    }
    Node exact = node.get(levels[index]);
    if (exact != null) {
      walk(exact, levels, index + 1, dollar, visitor);
    }
  }

  private static final class Node {
    private final Node parent;
    private final String level;
    private Map<String, Node> children;
    private final Map<Subscriber, Subscription> subscriptions = new HashMap<>(2);

    Node(Node parent, String level) {
      this.parent = parent;
      this.level = level;
    }

    Node get(String name) {
      return children == null ? null : children.get(name);
    }

    Node child(String name) {
      if (children == null) {
        children = new HashMap<>(4);
      }
      return children.computeIfAbsent(name, n -> new Node(this, n));
    }

    void pruneIfEmpty() {
      Node node = this;
      while (node.parent != null && node.subscriptions.isEmpty() && (node.children == null || node.children.isEmpty())) {
        node.parent.children.remove(node.level);
        node = node.parent;
      }
    }
  }
}
