package io.vertedge.api;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Named readiness checks behind {@code /readyz}: each part that must be up before the process
 * is ready (the store, every listener) registers a check and marks it up or down. Checks
 * registered under the same name (several instances of one verticle) are up only when all are.
 * Thread-safe, so verticles on different event loops share one instance.
 */
public final class Readiness {

  /** A handle to one registered check. */
  public static final class Check {
    private final String name;
    private volatile boolean up;

    private Check(String name) {
      this.name = name;
    }

    /** The check's name as {@code /readyz} shows it. */
    public String name() { return name; }

    /** Marks the check up. */
    public void up() { up = true; }

    /** Marks the check down. */
    public void down() { up = false; }

    /** Marks the check up or down. */
    public void set(boolean isUp) { up = isUp; }

    /** Whether the check is up. */
    public boolean isUp() { return up; }
  }

  // registration is rare and reads are per probe, so copy-on-write fits
  private final List<Check> checks = new CopyOnWriteArrayList<>();

  /** Registers a check, initially down. */
  public Check register(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a readiness check needs a name");
    }
    Check check = new Check(name);
    checks.add(check);
    return check;
  }

  /** True when every registered check is up (and trivially when none is registered). */
  public boolean isReady() {
    return checks.stream().allMatch(Check::isUp);
  }

  /** {@code {"status":"UP"}}, or {@code {"status":"DOWN","checks":{"store":"UP",...}}}. */
  public JsonObject toJson() {
    Map<String, Boolean> byName = new LinkedHashMap<>();
    for (Check check : checks) {
      byName.merge(check.name(), check.isUp(), Boolean::logicalAnd);
    }
    if (!byName.containsValue(Boolean.FALSE)) {
      return new JsonObject().put("status", "UP");
    }
    JsonObject states = new JsonObject();
    byName.forEach((name, up) -> states.put(name, up ? "UP" : "DOWN"));
    return new JsonObject().put("status", "DOWN").put("checks", states);
  }
}
