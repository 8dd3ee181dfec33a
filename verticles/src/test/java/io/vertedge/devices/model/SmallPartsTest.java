package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SmallPartsTest {

  @Test
  void stringsAreQuotedAsGoQuotesThem() {
    assertEquals("\"plain °C\"", GoText.quote("plain °C"));
    assertEquals("\"a\\\"b\\\\c\"", GoText.quote("a\"b\\c"));
    assertEquals("\"\\n\\t\\r\\x00\\x7f\\a\\b\\f\\v\"", GoText.quote("\n\t\r\u0000\u007f\u0007\b\f\u000b"));
    assertEquals("\"\\u200b\\u00a0\"", GoText.quote("\u200b\u00a0"));
    assertEquals("\"\\U000f0000😀\"", GoText.quote("\udb80\udc00😀"));
  }

  @Test
  void numbersArePrintedAsGoPrintsThem() {
    assertEquals("3", GoText.value(3L));
    assertEquals("1.5", GoText.value(1.5));
    assertEquals("0", GoText.value(0.0));
    assertEquals("10", GoText.value(10.0));
    assertEquals("0.0001", GoText.value(1e-4));
    assertEquals("1e-05", GoText.value(1e-5));
    assertEquals("1e+21", GoText.value(1e21));
    assertEquals("-1e+22", GoText.value(-1e22));
    assertEquals("123456789012345680000", GoText.value(1.2345678901234568e20));
    assertEquals("true", GoText.value(true));
    assertEquals("null", GoText.value(null));
  }

  @Test
  void cyclesAreMillisecondsUntilTheyLookLikeNanoseconds() {
    assertEquals(Duration.ofSeconds(1), Cycles.interval(null));
    assertEquals(Duration.ofSeconds(1), Cycles.interval(0L));
    assertEquals(Duration.ofSeconds(1), Cycles.interval(-5L));
    assertEquals(Duration.ofMillis(2000), Cycles.interval(2000L));
    assertEquals(Duration.ofMillis(999_999_999), Cycles.interval(999_999_999L));
    assertEquals(Duration.ofSeconds(1), Cycles.interval(1_000_000_000L));
    assertEquals(Duration.ofSeconds(10), Cycles.interval(10_000_000_000L));
    assertFalse(Cycles.readAsNanoseconds(999_999_999L));
    assertTrue(Cycles.readAsNanoseconds(1_000_000_000L));
  }

  @Test
  void kindsAndEnumsAreSpeltAsInDocuments() {
    assertEquals(Optional.of(ResourceKind.DEVICE_MODEL), ResourceKind.ofKind("DeviceModel"));
    assertEquals(Optional.empty(), ResourceKind.ofKind("devicemodel"));
    assertEquals("Device.devices.kubeedge.io", ResourceKind.DEVICE.qualified());
    assertEquals("devicestatuses", ResourceKind.DEVICE_STATUS.plural());
    assertEquals("devices.kubeedge.io/v1beta1", ResourceKind.API_VERSION);
    assertEquals(Optional.of(PropertyType.STREAM), PropertyType.of("STREAM"));
    assertEquals(Optional.empty(), PropertyType.of("Int"));
    assertEquals(Optional.of(AccessMode.READ_ONLY), AccessMode.of("ReadOnly"));
    assertEquals(Optional.empty(), AccessMode.of("readonly"));
  }

  @Test
  void fieldPathsAreWrittenAsKubernetesWritesThem() {
    assertEquals("spec.properties[0].desired.value",
        FieldPath.root().child("spec").child("properties").index(0).child("desired").child("value").text());
    assertTrue(FieldPath.root().isRoot());
  }

  @Test
  void modelsAreLookedUpByNamespaceAndName() {
    DeviceModel model = Samples.model();
    DeviceModel elsewhere = model.with(java.util.List.of("metadata", "namespace"), "plant-3");
    DeviceModel unset = model.with(java.util.List.of("metadata", "namespace"), null);
    ModelLookup lookup = ModelLookup.of(java.util.List.of(elsewhere));
    assertEquals(Optional.of(elsewhere), lookup.find("plant-3", "thermometer-model"));
    assertEquals(Optional.empty(), lookup.find("default", "thermometer-model"));
    assertEquals(Optional.empty(), lookup.find("plant-3", "other"));
    assertEquals(Optional.of(unset), ModelLookup.of(java.util.List.of(unset)).find("default", "thermometer-model"));
  }

  @Test
  void treesOnlyHoldJsonTypes() {
    assertThrows(IllegalArgumentException.class, () -> DeviceDocuments.fromDocument(Map.of("apiVersion", new Object())));
    assertThrows(IllegalArgumentException.class, () -> DeviceDocuments.fromDocument(Map.of("a", Double.NaN)));
    assertEquals(Map.of("n", 5L, "f", 2.5, "b", 7L), Tree.freeze(Map.of("n", 5, "f", 2.5f, "b", new java.math.BigDecimal("7").toBigInteger())));
  }
}
