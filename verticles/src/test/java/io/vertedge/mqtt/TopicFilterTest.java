package io.vertedge.mqtt;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicFilterTest {

  @Test
  void wildcardsMatchAsMqttSays() {
    TopicFilter data = TopicFilter.parse("$hw/events/device/+/data/update");
    assertTrue(data.matches("$hw/events/device/pump-1/data/update"));
    assertFalse(data.matches("$hw/events/device/pump-1/twin/update"));
    assertFalse(data.matches("$hw/events/device/data/update"));

    TopicFilter sensors = TopicFilter.parse("sensors/#");
    assertTrue(sensors.matches("sensors"), "# also matches the parent level");
    assertTrue(sensors.matches("sensors/hall/temperature"));
    assertFalse(sensors.matches("sensorsX/a"));

    assertFalse(TopicFilter.parse("#").matches("$hw/events/device/a/data/update"), "wildcards skip $ topics");
    assertFalse(TopicFilter.parse("+/events/#").matches("$hw/events/x"));
    assertTrue(TopicFilter.parse("+/user/#").matches("pump-1/user/alarm"));
  }

  @Test
  void malformedFiltersAreRefusedWithTheReason() {
    assertEquals("\"a/#/b\": # must be a whole level and the last one",
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a/#/b")).getMessage());
    assertEquals("\"a/b+\": + must be a whole level",
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a/b+")).getMessage());
    assertEquals(List.of(), TopicFilter.parseList(" "));
    assertEquals(2, TopicFilter.parseList("a/#, $hw/events/device/+/data/update").size());
  }
}
