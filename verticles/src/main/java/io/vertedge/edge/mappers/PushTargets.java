package io.vertedge.edge.mappers;

import io.opentelemetry.api.trace.Span;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.push.PushDroppedException;
import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.mappers.push.Reading;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

  /**
   * One target with at most one reading on its way and one waiting: a target slower than its
   * report cycle gets the newest reading next (the one it replaced is counted dropped), so a slow
   * or dead receiver costs a bounded amount of memory, not a queue per tick.
   */
  private final class Target {
    private final String method;
    private final String spanName;
    private final PushTarget target;
    private boolean sending;
    private Reading waiting;

    private Target(String method, PushTarget target) {
      this.method = method;
      this.spanName = "push " + method;
      this.target = target;
    }

    void push(Reading reading) {
      if (sending) {
        if (waiting != null) {
          metrics.pushed(method, PushMetrics.DROPPED, 0);
        }
        waiting = reading;
        return;
      }
      sending = true;
      long started = System.nanoTime();
      Span span = spans.start(spanName, method, reading);
      Future<Void> sent;
      try {
        sent = target.push(reading);
      } catch (RuntimeException e) {
        sent = Future.failedFuture(e);
      }
      Context context = Vertx.currentContext();
      // a push method may complete on its own connection's context: the state here is the mappers' context's
      sent.onComplete(result -> {
        if (context == null || Vertx.currentContext() == context) {
          done(result, started, span);
        } else {
          context.runOnContext(v -> done(result, started, span));
        }
      });
    }

    private void done(AsyncResult<Void> result, long started, Span span) {
      String outcome = result.succeeded() ? PushMetrics.OK
          : result.cause() instanceof PushDroppedException ? PushMetrics.DROPPED : PushMetrics.FAILED;
      metrics.pushed(method, outcome, System.nanoTime() - started);
      PushSpans.end(span, outcome, result.cause());
      sending = false;
      Reading next = waiting;
      waiting = null;
      if (next != null && !released) {
        push(next);
      }
    }
  }

  private final String node;
  private final DevicePlan plan;
  private final String model;
  private final PushMetrics metrics;
  private final PushSpans spans;
  private final Map<String, List<Target>> byProperty;
  private boolean released;

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
            opened.add(targets.new Target(name, method.target(field + "." + name, fields)));
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
      target.push(reading);
    }
  }

  void release() {
    released = true;
    byProperty.values().forEach(targets -> targets.forEach(target -> target.target.release()));
    byProperty.clear();
  }
}
