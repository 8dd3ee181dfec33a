package io.vertedge.edge.mappers;

import io.vertedge.edge.twin.DeviceTwin;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One device's reports to the twin: the values of a report tick go in one twin update (one
 * durable write for the device, not one per property), and at most one update is on its way. A
 * tick while one is still on its way keeps its values for the next (a newer value of a property
 * replaces the older), so a twin slower than the devices costs a value per property, not a queue
 * of updates. Confined to the built-in mappers' context.
 */
final class TwinReporter {

  private static final Logger log = LoggerFactory.getLogger(TwinReporter.class);

  private final String node;
  private final DevicePlan plan;
  private final DeviceTwin twin;
  private final Map<String, JsonObject> unreported = new LinkedHashMap<>();
  private boolean sending;
  private boolean failing;
  private boolean stopped;

  TwinReporter(String node, DevicePlan plan, DeviceTwin twin) {
    this.node = node;
    this.plan = plan;
    this.twin = twin;
  }

  /** Takes a property's newest value for the next update. */
  void offer(PropertySpec property, String value) {
    unreported.put(property.name(), new JsonObject()
        .put("actual", new JsonObject().put("value", value))
        .put("metadata", new JsonObject().put("type", kubeEdgeType(property))));
  }

  /** Sends what was offered since the last update, unless an update is still on its way. */
  void flush() {
    if (sending || stopped || unreported.isEmpty()) {
      return;
    }
    JsonObject twinUpdate = new JsonObject();
    unreported.forEach(twinUpdate::put);
    unreported.clear();
    sending = true;
    twin.reportTwins(plan.namespace(), plan.name(), new JsonObject().put("event_id", "")
            .put("timestamp", System.currentTimeMillis()).put("twin", twinUpdate))
        .onComplete(result -> {
          sending = false;
          if (result.succeeded()) {
            failing = false;
            return;
          }
          // the twin may not hold the device yet (both follow cloud state), or the outbox is full
          if (!failing) {
            log.warn("[node: {}, device: {}, properties: {}] report to the twin failed (logged once until one succeeds): {}",
                node, plan.id(), twinUpdate.fieldNames(), result.cause().getMessage());
          }
          failing = true;
        });
  }

  void stop() {
    stopped = true;
    unreported.clear();
  }

  /** The {@code metadata.type} KubeEdge's device apps read back. */
  private static String kubeEdgeType(PropertySpec property) {
    return switch (property.type()) {
      case INT -> "int";
      case FLOAT, DOUBLE -> "float";
      case BOOLEAN -> "boolean";
      default -> "string";
    };
  }
}
