package io.vertedge.mappers.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CyclesTest {

  @Test
  void millisecondsAsTheMapperFrameworkReadsThem() {
    assertEquals(Duration.ofMillis(2000), Cycles.of("properties[t].collectCycle", 2000L));
    assertEquals(Duration.ofMillis(999_999_999), Cycles.of("properties[t].collectCycle", 999_999_999L));
  }

  @Test
  void oldDocsNanosecondsFromTenToTheNine() {
    assertEquals(Duration.ofSeconds(10), Cycles.of("properties[t].reportCycle", 10_000_000_000L));
    assertEquals(Duration.ofSeconds(1), Cycles.of("properties[t].reportCycle", 1_000_000_000L));
  }

  @Test
  void absentOrZeroIsOneSecondAndNegativeIsRefused() {
    assertEquals(Duration.ofSeconds(1), Cycles.of("properties[t].collectCycle", null));
    assertEquals(Duration.ofSeconds(1), Cycles.of("properties[t].collectCycle", 0L));
    InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> Cycles.of("properties[t].collectCycle", -5L));
    assertEquals("properties[t].collectCycle", e.field());
    assertEquals("must be a positive number of milliseconds, not -5", e.problem());
  }
}
