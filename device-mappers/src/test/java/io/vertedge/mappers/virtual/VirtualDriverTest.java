package io.vertedge.mappers.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertedge.mappers.driver.AccessMode;
import io.vertedge.mappers.driver.DeviceHealth;
import io.vertedge.mappers.driver.DeviceSpec;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertedge.mappers.driver.PropertyType;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VirtualDriverTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);

  @Test
  void sineFollowsTheClockBetweenMinAndMax() {
    VirtualDriver driver = started(property("t", PropertyType.INT, Map.of("signal", "sine", "period", "60s", "min", 10, "max", 30)));
    assertEquals("20", read(driver, "t"));
    clock.addAndGet(15_000);
    assertEquals("30", read(driver, "t"));
    clock.addAndGet(30_000);
    assertEquals("10", read(driver, "t"));
  }

  @Test
  void randomWalkRepeatsWithTheSameSeedAndStaysInItsBounds() {
    Map<String, Object> walk = Map.of("signal", "random-walk", "min", "0", "max", "5", "step", "2");
    List<String> first = samples(started(7, property("w", PropertyType.DOUBLE, walk)), "w", 200);
    List<String> again = samples(started(7, property("w", PropertyType.DOUBLE, walk)), "w", 200);
    List<String> other = samples(started(8, property("w", PropertyType.DOUBLE, walk)), "w", 200);
    assertEquals(first, again);
    assertNotEquals(first, other);
    assertEquals("2.5", first.get(0));
    assertTrue(first.stream().mapToDouble(Double::parseDouble).allMatch(v -> v >= 0 && v <= 5), first.toString());
    assertTrue(first.stream().distinct().count() > 100, "the walk moves");
  }

  @Test
  void counterCountsPerReadAndWrapsPastMax() {
    VirtualDriver driver = started(property("c", PropertyType.INT, Map.of("signal", "counter", "start", 1, "step", 2, "max", 5)));
    assertEquals(List.of("1", "3", "5", "1", "3"), samples(driver, "c", 5));
  }

  @Test
  void constantAndDefaults() {
    VirtualDriver driver = started(
        property("on", PropertyType.BOOLEAN, Map.of("signal", "constant", "value", "TRUE")),
        property("label", PropertyType.STRING, Map.of("value", "boiler")),
        property("level", PropertyType.FLOAT, Map.of()));
    assertEquals("true", read(driver, "on"));
    assertEquals("boiler", read(driver, "label"));
    assertEquals("0.0", read(driver, "level"));
  }

  @Test
  void aWrittenValueIsWhatTheNextReadsReturn() {
    VirtualDriver driver = started(property("target", PropertyType.DOUBLE, Map.of("signal", "sine", "min", 0, "max", 1)));
    await(driver.write("target", "21.5"));
    for (int i = 0; i < 5; i++) {
      clock.addAndGet(7_000);
      assertEquals("21.5", read(driver, "target"));
    }
  }

  @Test
  void badWritesAreRefusedWithTheField() {
    VirtualDriver driver = started(
        property("count", PropertyType.INT, Map.of("signal", "counter")),
        new PropertySpec("serial", PropertyType.STRING, AccessMode.READ_ONLY, Map.of("value", "A1")));
    assertField("properties[count].value", "'twelve' is not a valid INT value (a 64-bit integer)", driver.write("count", "twelve"));
    assertField("properties[serial]", "is ReadOnly", driver.write("serial", "B2"));
    assertField("properties[nope]", "no such property on this device", driver.write("nope", "1"));
    assertField("properties[nope]", "no such property on this device", driver.read("nope"));
    assertEquals("A1", read(driver, "serial"));
  }

  @Test
  void invalidVisitorsFailInitNamingTheField() {
    assertInit("properties[t].visitors.configData.signal", "must be sine, random-walk, counter or constant, not 'square'",
        property("t", PropertyType.DOUBLE, Map.of("signal", "square")));
    assertInit("properties[s].visitors.configData.signal", "'sine' needs a numeric property (INT, FLOAT or DOUBLE); s is STRING",
        property("s", PropertyType.STRING, Map.of("signal", "sine")));
    assertInit("properties[t].visitors.configData.max", "must be greater than min 10.0, not 5.0",
        property("t", PropertyType.DOUBLE, Map.of("signal", "sine", "min", 10, "max", 5)));
    assertInit("properties[t].visitors.configData.period", "must be a duration such as 500ms, 60s, 2m or a number of milliseconds, not '1 fortnight'",
        property("t", PropertyType.DOUBLE, Map.of("signal", "sine", "period", "1 fortnight")));
    assertInit("properties[b].visitors.configData.value", "'maybe' is not a valid BOOLEAN value (true or false)",
        property("b", PropertyType.BOOLEAN, Map.of("value", "maybe")));
    assertInit("properties[w].visitors.configData.start", "must lie between min 0.0 and max 1.0, not 3.0",
        property("w", PropertyType.DOUBLE, Map.of("signal", "random-walk", "min", 0, "max", 1, "start", 3)));
    assertInit("properties[t]", "declared twice",
        property("t", PropertyType.INT, Map.of()), property("t", PropertyType.INT, Map.of()));
  }

  @Test
  void healthIsOnlineUntilStopped() {
    VirtualDriver driver = new VirtualDriver(clock::get);
    assertEquals(DeviceHealth.OFFLINE, driver.health());
    await(driver.init(device(1, property("t", PropertyType.INT, Map.of()))));
    assertEquals(DeviceHealth.ONLINE, driver.health());
    await(driver.stop());
    assertEquals(DeviceHealth.OFFLINE, driver.health());
    assertField("properties[t]", "no such property on this device", driver.read("t"));
  }

  private void assertInit(String field, String problem, PropertySpec... properties) {
    VirtualDriver driver = new VirtualDriver(clock::get);
    assertField(field, problem, driver.init(device(1, properties)));
    assertEquals(DeviceHealth.OFFLINE, driver.health());
  }

  private static void assertField(String field, String problem, Future<?> future) {
    assertTrue(future.failed(), "should fail: " + field);
    InvalidFieldException e = assertInstanceOf(InvalidFieldException.class, future.cause());
    assertEquals(field, e.field());
    assertEquals(problem, e.problem());
  }

  private static PropertySpec property(String name, PropertyType type, Map<String, Object> visitors) {
    return new PropertySpec(name, type, AccessMode.READ_WRITE, visitors);
  }

  private static DeviceSpec device(long seed, PropertySpec... properties) {
    return new DeviceSpec("default/sim", Map.of("seed", seed), List.of(properties));
  }

  private VirtualDriver started(PropertySpec... properties) {
    return started(1, properties);
  }

  private VirtualDriver started(long seed, PropertySpec... properties) {
    VirtualDriver driver = new VirtualDriver(clock::get);
    await(driver.init(device(seed, properties)));
    return driver;
  }

  private static List<String> samples(VirtualDriver driver, String property, int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(read(driver, property));
    }
    return values;
  }

  private static String read(VirtualDriver driver, String property) {
    return await(driver.read(property));
  }

  private static <T> T await(Future<T> future) {
    assertTrue(future.succeeded(), () -> "failed: " + future.cause());
    return future.result();
  }
}
