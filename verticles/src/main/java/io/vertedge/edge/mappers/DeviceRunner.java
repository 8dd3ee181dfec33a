package io.vertedge.edge.mappers;

import io.vertedge.edge.twin.DeviceTwin;
import io.vertedge.mappers.driver.AccessMode;
import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DeviceHealth;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One device under a built-in driver: each property read every {@code collectCycle} (one read at a
 * time, a slow device is not piled on), its newest value pushed to its push methods every
 * {@code reportCycle} and reported to the twin then when {@code reportToCloud} ({@link TwinReporter}), the driver's
 * health reported as the device's state when it changes, and desired values written once per new
 * value (a write that failed on the device retried up to {@link #WRITE_ATTEMPTS} times). Confined
 * to the built-in mappers' context; nothing here blocks.
 */
final class DeviceRunner {

  static final int WRITE_ATTEMPTS = 3;
  private static final Duration WRITE_RETRY = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(DeviceRunner.class);

  private final Vertx vertx;
  private final String node;
  private final DevicePlan plan;
  private final DeviceDriver driver;
  private final DeviceTwin twin;
  private final MapperMetrics metrics;
  private final PushTargets pushes;
  private final TwinReporter twinReports;
  private final List<Long> timers = new ArrayList<>();
  private final Set<String> reading = new HashSet<>();
  private final Set<String> readFailing = new HashSet<>();
  private final Map<String, String> newest = new HashMap<>();
  /** The desired value last tried per property: a value is written once, not at every device update. */
  private final Map<String, String> attempted = new HashMap<>();
  private Map<String, String> desired = Map.of();
  private volatile DeviceHealth health = DeviceHealth.OFFLINE;
  private DeviceHealth stateReported;
  private boolean running;
  private boolean stopped;

  /** @param pushes the device's open push targets, released when it stops */
  DeviceRunner(Vertx vertx, String node, DevicePlan plan, DeviceDriver driver, DeviceTwin twin, MapperMetrics metrics,
               PushTargets pushes) {
    this.vertx = vertx;
    this.node = node;
    this.plan = plan;
    this.driver = driver;
    this.twin = twin;
    this.metrics = metrics;
    this.pushes = pushes;
    this.twinReports = new TwinReporter(node, plan, twin);
  }

  DevicePlan plan() {
    return plan;
  }

  DeviceHealth health() {
    return health;
  }

  /** Opens the device and starts its cycles; fails (logged by the caller) when the driver refuses its configuration. */
  Future<Void> start(Map<String, String> desiredValues) {
    desired = desiredValues;
    return driver.init(plan.spec()).onSuccess(v -> {
      if (stopped) {
        driver.stop(); // stopped while opening: close what init opened
        return;
      }
      running = true;
      log.info("[node: {}, device: {}] built-in {} mapper runs {} properties", node, plan.id(), plan.protocol(),
          plan.schedules().size());
      // one timer per cycle length, not per property: a thousand devices of ten properties are
      // two thousand timers, and each report tick is one twin update for the device
      Map<Duration, List<DevicePlan.Schedule>> collects = new LinkedHashMap<>();
      Map<Duration, List<DevicePlan.Schedule>> reports = new LinkedHashMap<>();
      for (DevicePlan.Schedule schedule : plan.schedules()) {
        collects.computeIfAbsent(schedule.collect(), cycle -> new ArrayList<>()).add(schedule);
        if (schedule.reportToCloud() || pushes.any(schedule.property().name())) {
          reports.computeIfAbsent(schedule.report(), cycle -> new ArrayList<>()).add(schedule);
        }
      }
      collects.forEach((cycle, group) -> timers.add(vertx.setPeriodic(1, cycle.toMillis(),
          id -> group.forEach(schedule -> read(schedule.property().name())))));
      reports.forEach((cycle, group) -> timers.add(vertx.setPeriodic(cycle.toMillis(), id -> report(group))));
      checkHealth();
      desired(desired);
    });
  }

  /** Takes the device's desired values ({@code spec.properties[].desired.value}) and writes the new ones. */
  void desired(Map<String, String> values) {
    desired = values;
    if (!running || stopped) {
      return; // start() writes them once the device is open
    }
    for (DevicePlan.Schedule schedule : plan.schedules()) {
      PropertySpec property = schedule.property();
      String value = values.get(property.name());
      if (property.accessMode() == AccessMode.READ_WRITE && value != null && !value.isEmpty()
          && !value.equals(attempted.get(property.name()))) {
        attempted.put(property.name(), value);
        write(property.name(), value, 1);
      }
    }
  }

  /** Stops the cycles and closes the device; nothing is reported afterwards. */
  Future<Void> stop() {
    stopped = true;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    health = DeviceHealth.OFFLINE;
    pushes.release();
    twinReports.stop();
    return driver.stop();
  }

  private void write(String property, String value, int attempt) {
    driver.write(property, value).onSuccess(v -> {
      metrics.write(plan.protocol(), true);
      log.info("[node: {}, device: {}, property: {}] desired value {} written", node, plan.id(), property, value);
    }).onFailure(failure -> {
      metrics.write(plan.protocol(), false);
      boolean retry = !(failure instanceof InvalidFieldException) && attempt < WRITE_ATTEMPTS;
      log.warn("[node: {}, device: {}, property: {}] desired value {} not written (attempt {} of {}{}): {}", node,
          plan.id(), property, value, attempt, WRITE_ATTEMPTS, retry ? ", retried" : "", failure.getMessage());
      if (retry) {
        vertx.setTimer(WRITE_RETRY.toMillis(), id -> {
          if (!stopped && value.equals(desired.get(property))) {
            write(property, value, attempt + 1);
          }
        });
      }
    });
  }

  private void read(String property) {
    if (stopped || !reading.add(property)) {
      return;
    }
    driver.read(property).onComplete(result -> {
      reading.remove(property);
      metrics.read(plan.protocol(), result.succeeded());
      if (stopped) {
        return;
      }
      if (result.succeeded()) {
        newest.put(property, result.result());
        if (readFailing.remove(property)) {
          log.info("[node: {}, device: {}, property: {}] reads again", node, plan.id(), property);
        }
      } else if (readFailing.add(property)) {
        log.warn("[node: {}, device: {}, property: {}] read failed (logged once until it reads again): {}", node,
            plan.id(), property, result.cause().getMessage());
      }
      checkHealth();
    });
  }

  /**
   * Pushes the values read since the last tick, if any (a device that stopped answering pushes
   * and reports nothing new), and reports those of {@code reportToCloud} properties to the twin.
   */
  private void report(List<DevicePlan.Schedule> group) {
    if (stopped) {
      return;
    }
    for (DevicePlan.Schedule schedule : group) {
      String value = newest.remove(schedule.property().name());
      if (value != null) {
        pushes.push(schedule, value);
        if (schedule.reportToCloud()) {
          twinReports.offer(schedule.property(), value);
        }
      }
    }
    twinReports.flush();
  }

  private void checkHealth() {
    DeviceHealth now = driver.health();
    health = now;
    if (now == stateReported) {
      return;
    }
    stateReported = now;
    log.info("[node: {}, device: {}] {}", node, plan.id(), now.state());
    twin.reportState(plan.namespace(), plan.name(), now.state()).onFailure(failure -> {
      stateReported = null; // reported again at the next read
      log.debug("[node: {}, device: {}] state {} not reported: {}", node, plan.id(), now.state(), failure.getMessage());
    });
  }

  /**
   * Writes {@code value} at once for a device method (no retry: the caller answers with the
   * outcome); fails when the device is not open, or as the driver fails.
   */
  Future<Void> writeNow(String property, String value) {
    if (!running || stopped) {
      return Future.failedFuture(new IllegalStateException("device " + plan.id() + " is not open"));
    }
    return driver.write(property, value).andThen(result -> {
      metrics.write(plan.protocol(), result.succeeded());
      if (result.succeeded()) {
        log.info("[node: {}, device: {}, property: {}] value {} written by a device method", node, plan.id(), property,
            value);
      }
    });
  }

  /** Reads {@code property} from the device now, as KubeEdge's mapper REST API does. */
  Future<String> readNow(String property) {
    if (!running || stopped) {
      return Future.failedFuture(new IllegalStateException("device " + plan.id() + " is not open"));
    }
    return driver.read(property);
  }
}
