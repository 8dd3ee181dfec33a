package io.vertedge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class UnitsTest {

  @ParameterizedTest
  @CsvSource({"500ms,500", "15s,15000", "2m,120000", "24h,86400000", "7d,604800000", "0s,0", " 15s ,15000"})
  void durationsInEveryUnitParse(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Units.parseDuration(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "15", "15 s", "1.5s", "-1s", "15S", "", "PT15S", "99999999999999999999s"})
  void badDurationsAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text));
  }

  @Test
  void durationsBeyondMillisecondsAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("106751991168d"));
    assertEquals("\"106751991168d\" is too long a duration", e.getMessage());
    assertEquals(Duration.ofDays(106751991167L), Units.parseDuration("106751991167d"));
  }

  @Test
  void badDurationNamesTheValueAndAnExample() {
    var e = assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("fast"));
    assertEquals("\"fast\" is not a duration (e.g. 15s, 500ms)", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"64KiB,65536", "1MiB,1048576", "1GiB,1073741824", "1000,1000", "12B,12", "0,0"})
  void sizesInEveryUnitParse(String text, long bytes) {
    assertEquals(bytes, Units.parseSize(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1MB", "1mib", "big", "-1", "1.5MiB", "", "99999999999GiB"})
  void badSizesAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text));
  }

  @Test
  void badSizeNamesTheValueAndExamples() {
    var e = assertThrows(IllegalArgumentException.class, () -> Units.parseSize("1MB"));
    assertEquals("\"1MB\" is not a size (e.g. 64KiB, 1MiB or a number of bytes)", e.getMessage());
  }

  @Test
  void formattingPicksTheLargestExactUnit() {
    assertEquals("15s", Units.formatDuration(Duration.ofSeconds(15)));
    assertEquals("1500ms", Units.formatDuration(Duration.ofMillis(1500)));
    assertEquals("1d", Units.formatDuration(Duration.ofHours(24)));
    assertEquals("2h", Units.formatDuration(Duration.ofHours(2)));
    assertEquals("1MiB", Units.formatSize(1 << 20));
    assertEquals("1000", Units.formatSize(1000));
  }

  @Test
  void quotedValuesEscapeWhatWouldBreakTheLine() {
    assertEquals("\"a\\\"b\\nc\"", Units.quote("a\"b\nc"));
  }
}
