package io.vertedge.edge.twin;

import com.google.protobuf.ByteString;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.vertedge.delivery.EdgeDelivery;
import io.vertedge.delivery.OutboxFullException;
import io.vertedge.edge.eventbus.MqttBus;
import io.vertedge.edge.mqtt.BrokerMessage;
import io.vertedge.edge.mqtt.InProcessConsumer;
import io.vertedge.edge.mqtt.PublishRefusedException;
import io.vertedge.link.Ids;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertedge.otel.Tracing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * KubeEdge's DeviceTwin on this edge (KUBEEDGE-COMPAT §5): keeps each device's desired and
 * reported values with cloud and edge versions, answers devices on the {@code $hw/events/...}
 * topics ({@link TwinRequests}), announces desired values from the cloud as deltas and devices
 * joining or leaving the node as membership updates, and reports twins and states to the cloud.
 * Subscribe it on the bus ({@link #open}) before the bus starts, and deploy it before the link
 * starts: messages that come earlier wait until it has read what it holds.
 */
public final class DeviceTwin extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DeviceTwin.class);

  /** What the twin needs: the node's name, its durable store, the meter for its instruments and spans. */
  public record Setup(String node, EdgeDelivery delivery, Meter meter, Tracing tracing) { }

  private final Setup setup;
  private final TwinMetrics metrics;
  private final EdgeDevices devices;
  private final ReportedValues reported;
  private final Tracer tracer;
  private final Promise<Void> ready = Promise.promise();
  private final Set<Future<?>> inFlight = new HashSet<>();
  private MqttBus bus;
  private TwinRequests requests;

  public DeviceTwin(Setup setup) {
    this.setup = setup;
    this.metrics = new TwinMetrics(setup.meter());
    this.devices = new EdgeDevices(setup.node());
    this.reported = new ReportedValues(setup.meter(), setup.node());
    this.tracer = setup.tracing().tracer("io.vertedge.twin");
  }

  /** Subscribes the twin's topics (QoS 1); call it before the bus starts. */
  public Future<Void> open(MqttBus mqtt) {
    this.bus = mqtt;
    return Future.all(TwinTopics.SUBSCRIBED.stream()
        .map(filter -> mqtt.subscribe(filter, MqttQoS.AT_LEAST_ONCE, onTwinContext(message -> requests.handle(message))))
        .toList())
        .mapEmpty();
  }

  @Override
  public Future<?> start() {
    if (bus == null) {
      return Future.failedFuture(new IllegalStateException("DeviceTwin.open(bus) was not called"));
    }
    requests = new TwinRequests(setup.node(), devices, new Effects(), metrics);
    setup.delivery().cloudStateHandler(batch -> ready.future().onSuccess(v -> context.runOnContext(x -> {
      announce(devices.apply(batch, System.currentTimeMillis()), traceparents(batch));
      // a model's units reach every device of it; models change seldom
      if (batch.stream().anyMatch(envelope -> envelope.getRoute().getResource().startsWith(EdgeDevices.MODEL))) {
        devices.devices().forEach(this::measure);
      }
    })));
    return here(Future.all(setup.delivery().cloudState(), setup.delivery().kept()))
        .map(read -> devices.load(read.resultAt(0), read.resultAt(1), System.currentTimeMillis()))
        .onSuccess(changes -> {
          log.info("[node: {}] device twin holds {} devices", setup.node(), devices.devices().size());
          devices.devices().forEach(this::measure);
          announce(changes, Map.of());
          ready.complete();
        });
  }

  @Override
  public Future<?> stop() {
    reported.close();
    return Future.join(new ArrayList<>(inFlight));
  }

  /** The edge API's view of a device's twins, or {@code null} for a device this node does not hold. */
  public Future<JsonObject> twins(String namespace, String name) {
    if (context == null || !ready.future().succeeded()) {
      return Future.failedFuture(new IllegalStateException("the device twin is not running"));
    }
    Context caller = Vertx.currentContext();
    Promise<JsonObject> answer = Promise.promise();
    context.runOnContext(v -> answer.complete(devices.device(namespace + "/" + name)
        .map(device -> TwinRoutes.items(device, devices.properties(device))).orElse(null)));
    return caller == null ? answer.future() : Future.fromCompletionStage(answer.future().toCompletionStage(), caller);
  }

  /**
   * Reported twins of a device from an in-process reporter such as the DMI server, as KubeEdge's
   * {@code twin/update} message ({@code {"twin":{"<property>":{"actual":{"value":..},
   * "expected":{"value":..}}}}}): checked, kept and reported as over MQTT. Completes once durable;
   * fails with a {@link TwinError} when refused, or as the outbox refuses.
   */
  public Future<Void> reportTwins(String namespace, String name, JsonObject update) {
    return inProcess(new TwinTopics.DeviceTopic(namespace, name, "twin", "update"), update);
  }

  /** A device's state ({@code online}, {@code offline}, ...) from an in-process reporter; see {@link #reportTwins}. */
  public Future<Void> reportState(String namespace, String name, String state) {
    return inProcess(new TwinTopics.DeviceTopic(namespace, name, "state", "update"),
        TwinMessages.base("").put("state", state));
  }

  private Future<Void> inProcess(TwinTopics.DeviceTopic topic, JsonObject message) {
    if (context == null) {
      return Future.failedFuture(new IllegalStateException("the device twin is not running"));
    }
    Context caller = Vertx.currentContext();
    Promise<Void> done = Promise.promise();
    ready.future().onComplete(v -> context.runOnContext(x -> {
      try {
        requests.inProcess(topic, message).onComplete(done);
      } catch (RuntimeException e) {
        done.fail(e);
      }
    }));
    return caller == null ? done.future() : Future.fromCompletionStage(done.future().toCompletionStage(), caller);
  }

  private InProcessConsumer onTwinContext(Function<BrokerMessage, Future<Void>> handler) {
    return message -> ready.future().compose(v -> {
      Promise<Void> done = Promise.promise();
      context.runOnContext(x -> {
        try {
          handler.apply(message).onComplete(done);
        } catch (RuntimeException e) {
          done.fail(e);
        }
      });
      return done.future();
    });
  }

  /** The trace each changed resource continues, by resource key, from envelopes that carry one. */
  private static Map<String, String> traceparents(List<Envelope> batch) {
    Map<String, String> traces = new HashMap<>();
    for (Envelope envelope : batch) {
      if (!envelope.getTraceparent().isEmpty()) {
        traces.put(envelope.getRoute().getResource(), envelope.getTraceparent());
      }
    }
    return traces;
  }

  /**
   * Publishes what cloud state changed for the devices' apps, and keeps the twins it changed. A
   * delta whose device came with a {@code traceparent} gets a span in the cloud request's trace.
   */
  private void announce(EdgeDevices.Changes changes, Map<String, String> traces) {
    if (!changes.added().isEmpty() || !changes.removed().isEmpty()) {
      JsonObject update = TwinMessages.membershipUpdated(
          changes.added().stream().map(TwinMessages::memberDevice).toList(), changes.removed());
      log.info("[node: {}] membership updated: {} added, {} removed", setup.node(), changes.added().size(),
          changes.removed().size());
      publish(TwinTopics.membershipUpdated(setup.node()), update);
    }
    for (DeviceTwinState device : changes.announce()) {
      JsonObject delta = TwinMessages.delta(Ids.next(), device);
      if (!delta.getJsonObject("delta").isEmpty()) {
        log.debug("[node: {}, device: {}, event: {}] desired values from the cloud: {}", setup.node(), device.id(),
            delta.getString("event_id"), delta.getJsonObject("delta").fieldNames());
        String parent = traces.get(EdgeDevices.DEVICE + device.id());
        Span span = parent == null ? Span.getInvalid()
            : setup.tracing().startChild(tracer, "publish twin delta", SpanKind.PRODUCER, parent);
        span.setAttribute("device.id", device.id());
        span.setAttribute("node", setup.node());
        publish(TwinTopics.delta(device.id()), delta).onComplete(ar -> span.end());
        metrics.delta();
      }
    }
    // forgotten first: a device created again under its name is gone and kept anew in one batch
    changes.gone().forEach(id -> {
      reported.remove(id);
      track(setup.delivery().forget(DeviceTwinState.keptKey(id)));
    });
    // deferred: a twin whose keeping a crash lost is taken in again from the cloud's durable copy
    // at the next start, and its delta published again (at least once, as QoS 1 promises)
    changes.changed().forEach(device -> {
      measure(device);
      track(keep(device, true));
    });
  }

  private void measure(DeviceTwinState device) {
    reported.update(device, devices.modelOf(device));
  }

  /** Keeps the twin durably; {@code deferred}: with the log's next force rather than one of its own. */
  private Future<Void> keep(DeviceTwinState device, boolean deferred) {
    String key = DeviceTwinState.keptKey(device.id());
    byte[] kept = device.toKept().toBuffer().getBytes();
    return deferred ? setup.delivery().keepDeferred(key, kept) : setup.delivery().keep(key, kept);
  }

  private Future<Void> publish(String topic, JsonObject payload) {
    return bus.publish(topic, payload.toBuffer(), MqttQoS.AT_LEAST_ONCE, false).onFailure(failure ->
        log.warn("[node: {}, topic: {}, event: {}] could not publish: {}", setup.node(), topic,
            payload.getString("event_id"), failure.toString()));
  }

  /** {@code work}, completing on the twin's context: what follows it may touch the twins. */
  private <T> Future<T> here(Future<T> work) {
    return Future.fromCompletionStage(work.toCompletionStage(), context);
  }

  private <T> Future<T> track(Future<T> store) {
    Future<T> work = here(store);
    inFlight.add(work);
    work.onComplete(ar -> {
      inFlight.remove(work);
      if (ar.failed()) {
        log.error("[node: {}] a twin could not be kept", setup.node(), ar.cause());
      }
    });
    return work;
  }

  /** What requests do beyond the twin's memory: keep it, report it, publish answers. */
  final class Effects {

    void publish(String topic, JsonObject payload) {
      DeviceTwin.this.publish(topic, payload);
    }

    /** Keeps the twin and reports {@code content} under {@code key}: durable, or refused as the outbox is. */
    Future<Void> keepAndReport(DeviceTwinState device, String key, JsonObject content) {
      Envelope state = Envelope.newBuilder()
          .setId(Ids.next())
          .setNode(setup.node())
          .setTimestamp(System.currentTimeMillis())
          .setChannel(Channel.RESOURCES)
          .setRoute(Route.newBuilder().setSource("twin").setGroup("resource").setOperation("update").setResource(key))
          .setContent(ByteString.copyFrom(content.toBuffer().getBytes()))
          .build();
      measure(device);
      Future<Void> durable = Future.all(keep(device, false), setup.delivery().report(state)).mapEmpty();
      return track(durable).recover(failure -> Future.failedFuture(failure instanceof OutboxFullException
          ? new PublishRefusedException(MqttPubAckReasonCode.QUOTA_EXCEEDED, failure.getMessage()) : failure));
    }
  }
}
