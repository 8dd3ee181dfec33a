package io.vertedge.cloud.devices;

import com.google.protobuf.ByteString;
import io.vertedge.delivery.CloudDelivery;
import io.vertedge.devices.model.ResourceKind;
import io.opentelemetry.api.trace.Span;
import io.vertedge.link.proto.Envelope;
import io.vertedge.otel.Tracing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Sends each node its devices and their models through reliable delivery: published (durable,
 * coalesced, resent until the node has them) when they are created or change in a way the edge
 * sees, withdrawn when deleted, moved to another node, or — for a model — no longer used by a
 * device of the node. It compares with what each node was last set to hold (read back from the
 * delivery store), so a restart of the cloud sends only differences, and a change the controller
 * missed (a crash between the registry's write and the publish) is made up at the next start.
 *
 * <p>It works on the registry's context and hears of each write as the registry accepts it
 * ({@link DeviceRegistry#watchAccepted}), so its publish is appended to the state log right
 * behind the write and forced with it: on a desired value's way to the device there is one
 * forced write in the cloud, not two.
 */
public final class DeviceController extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DeviceController.class);
  private static final List<String> OWNED = List.of("devicemodel/", "device/");

  private final DeviceRegistry registry;
  private final CloudDelivery delivery;
  private final Supplier<Collection<String>> joinedNodes;
  private final DesiredTraces traces;
  private final NodeAssignments assignments = new NodeAssignments();
  private final Map<String, Map<String, ByteString>> published = new HashMap<>();
  private final Set<String> loading = new HashSet<>();
  private final Set<Future<?>> inFlight = new HashSet<>();
  private DeviceRegistry.WatchSubscription subscription;
  private boolean stopped;
  private Context home;

  /**
   * @param joinedNodes the nodes that joined, whose share is checked at start even without devices
   * @param traces      the desired-value requests whose trace a send continues
   */
  public DeviceController(DeviceRegistry registry, CloudDelivery delivery, Supplier<Collection<String>> joinedNodes,
                          DesiredTraces traces) {
    this.registry = registry;
    this.delivery = delivery;
    this.joinedNodes = joinedNodes;
    this.traces = traces;
  }

  @Override
  public Future<?> start() {
    home = registry.context();
    Future<DeviceRegistry.WatchSubscription> watching = registry.watchAccepted(
        Set.of(ResourceKind.DEVICE, ResourceKind.DEVICE_MODEL), this::changed);
    return Future.fromCompletionStage(watching.toCompletionStage(), home).onSuccess(watch -> {
      subscription = watch;
      Set<String> nodes = new HashSet<>(joinedNodes.get());
      nodes.addAll(assignments.nodes());
      nodes.forEach(this::reconcile);
    });
  }

  @Override
  public Future<?> stop() {
    Promise<Void> stopping = Promise.promise();
    home.runOnContext(v -> {
      stopped = true;
      if (subscription != null) {
        subscription.cancel();
      }
      Future.join(new ArrayList<>(inFlight)).<Void>mapEmpty().onComplete(stopping);
    });
    return stopping.future();
  }

  private void changed(WatchEvent event) {
    assignments.apply(event).forEach(this::reconcile);
  }

  /** Brings the node's share of these objects in line, once it is known what the node holds. */
  private void reconcile(String node, Set<ObjectKey> keys) {
    Map<String, ByteString> holds = published.get(node);
    if (stopped || holds == null) {
      load(node);
      return;
    }
    List<ObjectKey> ordered = new ArrayList<>(keys);
    // models go before the devices that use them, and leave after them
    ordered.sort(Comparator.comparing((ObjectKey key) -> key.kind() != ResourceKind.DEVICE_MODEL)
        .thenComparing(ObjectKey::storeKey));
    for (ObjectKey key : ordered) {
      NodeAssignments.Share wanted = assignments.wanted(node, key);
      if (wanted != null) {
        send(node, holds, EdgeView.key(key), wanted);
      }
    }
    for (int i = ordered.size() - 1; i >= 0; i--) {
      if (assignments.wanted(node, ordered.get(i)) == null) {
        withdraw(node, holds, EdgeView.key(ordered.get(i)));
      }
    }
  }

  /** Brings all the node's share in line: after reading what it holds (at start, or after a failure). */
  private void reconcile(String node) {
    Map<String, ByteString> holds = published.get(node);
    if (stopped || holds == null) {
      load(node);
      return;
    }
    Map<String, NodeAssignments.Share> share = assignments.desired(node);
    share.forEach((key, wanted) -> send(node, holds, key, wanted));
    for (String prefix : List.of("device/", "devicemodel/")) {
      for (String key : new ArrayList<>(holds.keySet())) {
        if (key.startsWith(prefix) && !share.containsKey(key)) {
          withdraw(node, holds, key);
        }
      }
    }
  }

  private void send(String node, Map<String, ByteString> holds, String key, NodeAssignments.Share wanted) {
    if (!wanted.content().equals(holds.get(key))) {
      holds.put(key, wanted.content());
      Span span = traces.sending(key, node);
      Envelope envelope = EdgeView.envelope(key, wanted.content(), wanted.resourceVersion()).toBuilder()
          .setTraceparent(Tracing.traceparent(span))
          .build();
      Future<Void> published = delivery.publish(node, envelope);
      published.onComplete(ar -> span.end());
      track(node, published);
    }
  }

  private void withdraw(String node, Map<String, ByteString> holds, String key) {
    if (holds.remove(key) != null) {
      track(node, delivery.withdraw(node, key));
    }
  }

  private void load(String node) {
    if (stopped || !loading.add(node)) {
      return;
    }
    Future<List<Envelope>> reading = delivery.published(node);
    inFlight.add(reading);
    Future.fromCompletionStage(reading.toCompletionStage(), home).onComplete(ar -> {
      inFlight.remove(reading);
      loading.remove(node);
      if (ar.failed()) {
        log.error("[node: {}] cannot read the devices the node holds; they are checked again at its next change",
            node, ar.cause());
        return;
      }
      Map<String, ByteString> holds = new HashMap<>();
      for (Envelope envelope : ar.result()) {
        String key = envelope.getRoute().getResource();
        if (OWNED.stream().anyMatch(key::startsWith)) {
          holds.put(key, envelope.getContent());
        }
      }
      published.put(node, holds);
      reconcile(node);
    });
  }

  private void track(String node, Future<Void> write) {
    inFlight.add(write);
    Future.fromCompletionStage(write.toCompletionStage(), home).onComplete(ar -> {
      inFlight.remove(write);
      if (ar.failed()) {
        // what the node holds is not known any more: read it again at its next change
        log.error("[node: {}] a device or model could not be sent", node, ar.cause());
        published.remove(node);
      }
    });
  }
}
