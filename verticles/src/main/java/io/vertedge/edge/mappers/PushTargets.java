package io.vertedge.edge.mappers;

import io.opentelemetry.api.trace.Span;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.push.PushDroppedException;
import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.mappers.push.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where one device's readings go: for each property, a {@link PushTarget} per key under its
 * {@code pushMethod} that the edge has a push method for. A key it has none for (e.g.
 * {@code dbMethod}, {@code anomalyDetection}) is warned about once per device; the device runs
 * without it. Confined to the built-in mappers' context.
 */
final class PushTargets {

  private static final Logger log = LoggerFactory.getLogger(PushTargets.class);

  private record Target(String method, String spanName, PushTarget target) { }

  private final String node;
  private final DevicePlan plan;
  private final String model;
  private final PushMetrics metrics;
  private final PushSpans spans;
  private final Map<String, List<Target>> byProperty;

  private PushTargets(String node, DevicePlan plan, String model, PushMetrics metrics, PushSpans spans,
                      Map<String, List<Target>> byProperty) {
    this.node = node;
    this.plan = plan;
    this.model = model;
    this.metrics = metrics;
    this.spans = spans;
    this.byProperty = byProperty;
  }

  /**
   * Opens every target of the plan's properties; an invalid one throws an
   * {@link InvalidFieldException} naming its field, and nothing stays open.
   */
  static PushTargets open(String node, DevicePlan plan, String model, Map<String, PushMethod> methods, PushMetrics metrics,
                          PushSpans spans) {
    Map<String, List<Target>> byProperty = new HashMap<>();
    Set<String> unsupported = new TreeSet<>();
    PushTargets targets = new PushTargets(node, plan, model, metrics, spans, byProperty);
    try {
      for (DevicePlan.Schedule schedule : plan.schedules()) {
        String field = "properties[" + schedule.property().name() + "].pushMethod";
        List<Target> opened = new ArrayList<>();
        byProperty.put(schedule.property().name(), opened);
        schedule.pushMethod().forEach((name, config) -> {
          PushMethod method = methods.get(name);
          if (method == null) {
            unsupported.add(name);
          } else if (config != null) {
            if (!(config instanceof Map<?, ?> map)) {
              throw new InvalidFieldException(field + "." + name, "must be an object, not " + config);
            }
            @SuppressWarnings("unchecked") Map<String, Object> fields = (Map<String, Object>) map;
            opened.add(new Target(name, "push " + name, method.target(field + "." + name, fields)));
          }
        });
      }
    } catch (RuntimeException e) {
      targets.release();
      throw e;
    }
    if (!unsupported.isEmpty()) {
      log.warn("[node: {}, device: {}] pushMethod {} not supported by the built-in mappers (they push {}): not pushed there",
          node, plan.id(), unsupported, new TreeSet<>(methods.keySet()));
    }
    return targets;
  }

  boolean any(String property) {
    return !byProperty.getOrDefault(property, List.of()).isEmpty();
  }

  /** Hands the value to each of the property's targets, one span each; each logs its own outage. */
  void push(DevicePlan.Schedule schedule, String value) {
    List<Target> targets = byProperty.getOrDefault(schedule.property().name(), List.of());
    if (targets.isEmpty()) {
      return;
    }
    Reading reading = new Reading(plan.namespace(), plan.name(), node, model, schedule.property().name(),
        schedule.property().type(), schedule.unit(), value, Instant.now());
    for (Target target : targets) {
      long started = System.nanoTime();
      Span span = spans.start(target.spanName(), target.method(), reading);
      target.target().push(reading).onComplete(result -> {
        String outcome = result.succeeded() ? PushMetrics.OK
            : result.cause() instanceof PushDroppedException ? PushMetrics.DROPPED : PushMetrics.FAILED;
        metrics.pushed(target.method(), outcome, System.nanoTime() - started);
        PushSpans.end(span, outcome, result.cause());
      });
    }
  }

  void release() {
    byProperty.values().forEach(targets -> targets.forEach(target -> target.target().release()));
    byProperty.clear();
  }
}
