package io.vertedge.devices.telemetry;

import io.vertedge.otel.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which reported values become samples of {@code vertedge_device_property_value}, and how. */
class PropertyGaugeTest {

  private final Telemetry telemetry = Telemetry.create("test", null, Map.of());
  private final PropertyGauge gauge = new PropertyGauge(telemetry.meter("io.vertedge.test"));

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void numbersAreDoublesBooleansZeroOrOneAndTheRestHasNoSeries() {
    assertEquals(OptionalDouble.of(22.5), PropertyGauge.numeric("float", "22.5"));
    assertEquals(OptionalDouble.of(-3), PropertyGauge.numeric("INT", "-3"));
    assertEquals(OptionalDouble.of(1e3), PropertyGauge.numeric("double", "1e3"));
    assertEquals(OptionalDouble.of(1), PropertyGauge.numeric("boolean", "true"));
    assertEquals(OptionalDouble.of(0), PropertyGauge.numeric("boolean", "F"));
    assertEquals(OptionalDouble.empty(), PropertyGauge.numeric("boolean", "yes"));
    assertEquals(OptionalDouble.empty(), PropertyGauge.numeric("string", "12"));
    assertEquals(OptionalDouble.empty(), PropertyGauge.numeric("int", "twelve"));
    assertEquals(OptionalDouble.empty(), PropertyGauge.numeric("float", "NaN"));
    assertEquals(OptionalDouble.empty(), PropertyGauge.numeric(null, "1"));
  }

  @Test
  void aDevicesSeriesAreReplacedAsAWholeAndLeaveWithIt() {
    gauge.put("default", "pump-1", "edge-1", List.of(new PropertyGauge.Reading("pressure", "float", "2.5", "bar"),
        new PropertyGauge.Reading("running", "boolean", "true", ""),
        new PropertyGauge.Reading("label", "string", "north", "")));
    String text = telemetry.scrape();
    assertTrue(text.contains("vertedge_device_property_value{device=\"pump-1\",namespace=\"default\",node=\"edge-1\","
        + "property=\"pressure\",unit=\"bar\"} 2.5"), text);
    assertTrue(text.contains("property=\"running\",unit=\"\"} 1.0"), text);
    assertFalse(text.contains("north") || text.contains("\"label\""), text);

    gauge.put("default", "pump-1", "edge-1", List.of(new PropertyGauge.Reading("pressure", "float", "2.75", "bar")));
    text = telemetry.scrape();
    assertTrue(text.contains("unit=\"bar\"} 2.75"), text);
    assertFalse(text.contains("running"), "what the device no longer reports is gone: " + text);

    gauge.remove("default", "pump-1");
    assertFalse(telemetry.scrape().contains("pump-1"));
  }
}
