package io.vertedge.cloud.twins;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.vertedge.cloud.devices.DeviceRegistry;
import io.vertedge.cloud.devices.Mutation;
import io.vertedge.cloud.devices.ObjectKey;
import io.vertedge.cloud.devices.SystemFields;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what edges report of their devices into both status layouts (KUBEEDGE-COMPAT 6.3):
 * {@code Device.status} (1.22) and the {@code DeviceStatus} of the same name (1.23, created
 * owned by the device when absent). Only the device's own node is heard: a report for a device
 * that does not exist or belongs to another node is logged and counted
 * ({@code vertedge_twin_reports_ignored_total{reason}}), as is one that cannot be read; nothing
 * is written for it and the rest of the batch goes on. A report that changes nothing writes
 * nothing. A node's batches are applied in the order they came (those that waited, together),
 * each device's two writes in turn. Confined to one context.
 */
final class TwinReports {

  private static final Logger log = LoggerFactory.getLogger(TwinReports.class);
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  /** Why a report was not written. */
  enum Ignored {
    MALFORMED("malformed"), UNKNOWN_DEVICE("unknown_device"), NOT_OWNER("not_owner");

    final Attributes attributes;

    Ignored(String reason) {
      this.attributes = Attributes.of(REASON, reason);
    }
  }

  private static final class Refused extends RuntimeException {
    final Ignored reason;

    Refused(Ignored reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private final DeviceRegistry registry;
  private final Context context;
  private final SystemFields system = new SystemFields(Clock.systemUTC());
  private final LongCounter ignored;
  private final Map<String, NodeQueue> queues = new HashMap<>();

  TwinReports(DeviceRegistry registry, Context context, Meter meter) {
    this.registry = registry;
    this.context = context;
    this.ignored = meter.counterBuilder("vertedge.twin.reports.ignored").setUnit("{report}")
        .setDescription("Device reports from edges not written into the status: malformed, unknown_device, not_owner")
        .build();
  }

  /**
   * Applies the node's batch after its earlier ones; never fails (what fails is logged). Batches
   * that arrive while the node's previous ones are being written wait, and are then written
   * together: a device reported many times meanwhile gets its two writes once, with every report
   * applied in order, so a node reporting faster than the registry writes makes the rounds
   * bigger, not the backlog longer.
   */
  Future<Void> apply(String node, List<Envelope> batch) {
    NodeQueue queue = queues.computeIfAbsent(node, name -> new NodeQueue());
    queue.waiting.addAll(batch);
    if (queue.next == null) {
      queue.next = Promise.promise();
    }
    Future<Void> written = queue.next.future();
    if (queue.current == null) {
      writeRound(node, queue);
    }
    return written;
  }

  /** Completes once every batch taken so far is written. */
  Future<Void> drained() {
    List<Future<Void>> all = new ArrayList<>();
    queues.values().forEach(queue -> {
      if (queue.current != null) {
        all.add(queue.current.future());
      }
      if (queue.next != null) {
        all.add(queue.next.future());
      }
    });
    return Future.join(all).mapEmpty();
  }

  /** A node's batches: those being written, and those waiting for the next round. */
  private static final class NodeQueue {
    private List<Envelope> waiting = new ArrayList<>();
    private Promise<Void> next;
    private Promise<Void> current;
  }

  private void writeRound(String node, NodeQueue queue) {
    List<Envelope> round = queue.waiting;
    queue.waiting = new ArrayList<>();
    queue.current = queue.next;
    queue.next = null;
    applyNow(node, round).onComplete(ar -> {
      Promise<Void> done = queue.current;
      queue.current = null;
      if (queue.next != null) {
        writeRound(node, queue);
      } else {
        queues.remove(node, queue);
      }
      done.complete();
    });
  }

  private Future<Void> applyNow(String node, List<Envelope> batch) {
    Map<String, List<EdgeReport>> byDevice = new LinkedHashMap<>();
    for (Envelope envelope : batch) {
      try {
        EdgeReport.of(envelope).ifPresent(report -> byDevice
            .computeIfAbsent(report.namespace() + "/" + report.name(), k -> new ArrayList<>()).add(report));
      } catch (EdgeReport.Malformed e) {
        ignore(node, envelope.getRoute().getResource(), Ignored.MALFORMED, e.getMessage());
      } catch (RuntimeException e) {
        // a reading this class did not foresee: still one report lost, not the batch
        log.error("[node: {}, device: {}] a twin report cannot be read", node, envelope.getRoute().getResource(), e);
        ignored.add(1, Ignored.MALFORMED.attributes);
      }
    }
    List<Future<Void>> writes = new ArrayList<>();
    byDevice.forEach((device, reports) -> writes.add(write(node, reports)));
    return Future.join(writes).mapEmpty();
  }

  private Future<Void> write(String node, List<EdgeReport> reports) {
    EdgeReport first = reports.get(0);
    ObjectKey deviceKey = new ObjectKey(ResourceKind.DEVICE, first.namespace(), first.name());
    Future<Mutation.Written> device = here(registry.write(deviceKey, (current, models) -> {
      if (!(current instanceof Device stored)) {
        throw new Refused(Ignored.UNKNOWN_DEVICE, "no such device");
      }
      if (!node.equals(stored.nodeName())) {
        throw new Refused(Ignored.NOT_OWNER, "the device belongs to node \"" + stored.nodeName() + "\"");
      }
      return new Mutation.Outcome(stored.with(List.of("status"), applied(stored.get("status"), reports)), List.of());
    }));
    ObjectKey statusKey = new ObjectKey(ResourceKind.DEVICE_STATUS, first.namespace(), first.name());
    return device.compose(written -> here(registry.write(statusKey, (current, models) -> {
      Resource base = current != null ? current : system.created(ownedStatus(written.object()));
      return new Mutation.Outcome(base.with(List.of("status"), applied(base.get("status"), reports)), List.of());
    }))).<Void>mapEmpty().recover(failure -> {
      if (failure instanceof Refused refused) {
        ignore(node, deviceKey.storeKey(), refused.reason, refused.getMessage());
      } else {
        log.error("[node: {}, device: {}] a twin report could not be written; it is written again at the next start",
            node, deviceKey.storeKey(), failure);
      }
      return Future.succeededFuture();
    });
  }

  private static Map<String, Object> applied(Object status, List<EdgeReport> reports) {
    Object next = status;
    for (EdgeReport report : reports) {
      next = report.appliedTo(next);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) next;
    return result;
  }

  /** A new DeviceStatus of the device, owned by it as KubeEdge's controller reference makes it. */
  private static Resource ownedStatus(Resource device) {
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("apiVersion", ResourceKind.API_VERSION);
    owner.put("kind", ResourceKind.DEVICE.kind());
    owner.put("name", device.name());
    owner.put("uid", device.metadata().uid());
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", device.name());
    metadata.put("namespace", device.namespace());
    metadata.put("ownerReferences", List.of(owner));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", ResourceKind.API_VERSION);
    document.put("kind", ResourceKind.DEVICE_STATUS.kind());
    document.put("metadata", metadata);
    document.put("spec", Map.of());
    return DeviceDocuments.fromDocument(document);
  }

  private void ignore(String node, String device, Ignored reason, String why) {
    ignored.add(1, reason.attributes);
    log.warn("[node: {}, device: {}] a twin report is ignored ({}): {}", node, device,
        reason.attributes.get(REASON), why);
  }

  /** The registry answers on its own context; carry on on this one. */
  private <T> Future<T> here(Future<T> future) {
    return Future.fromCompletionStage(future.toCompletionStage(), context);
  }
}
