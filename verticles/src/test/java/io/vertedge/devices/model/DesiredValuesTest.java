package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link DesiredValues} on its own, as the twin routes will call it. */
@Timeout(10)
class DesiredValuesTest {

  private static final FieldPath FIELD = FieldPath.of("value");

  private static ModelProperty property(String type, String min, String max) {
    return new ModelProperty("p", null, type, "ReadWrite", min, max, null, new VisitorConfig(null, java.util.Map.of()));
  }

  private static String problem(String type, String min, String max, String value) {
    List<FieldError> errors = DesiredValues.check(FIELD, value, property(type, min, max), "m");
    return errors.isEmpty() ? "ok" : errors.get(0).body();
  }

  @ParameterizedTest(name = "{0} {3}")
  @CsvSource(delimiter = '|', value = {
      "INT    |     |     | 0",
      "INT    |     |     | -17",
      "INT    |     |     | +5",
      "INT    |     |     | 9223372036854775807",
      "INT    | -5  | 5   | -5",
      "INT    | -5  | 5   | 5",
      "FLOAT  |     |     | 1.5",
      "FLOAT  |     |     | .5",
      "FLOAT  |     |     | 5.",
      "FLOAT  |     |     | -2.5e-3",
      "FLOAT  |     |     | 3.4e38",
      "DOUBLE |     |     | 1e308",
      "DOUBLE | 0.5 | 2.5 | 2.5",
      "DOUBLE | 0.5 | 2.5 | 5e-1",
      "BOOLEAN|     |     | true",
      "BOOLEAN|     |     | false",
      "STRING | a   | b   | zebra",
      "BYTES  |     |     | \u0000\u0001",
      "STREAM |     |     | rtsp://camera/1"})
  void valuesOfTheirTypeAreAccepted(String type, String min, String max, String value) {
    assertEquals("ok", problem(type.strip(), min, max, value));
  }

  @ParameterizedTest(name = "{0} {3}")
  @CsvSource(delimiter = '|', value = {
      "INT    |     |     | 1.0          | must be a 64-bit integer, as property \"p\" is INT",
      "INT    |     |     | 1e3          | must be a 64-bit integer, as property \"p\" is INT",
      "INT    |     |     | 0x10         | must be a 64-bit integer, as property \"p\" is INT",
      "INT    |     |     | ' 1'         | must be a 64-bit integer, as property \"p\" is INT",
      "INT    |     |     | ٣            | must be a 64-bit integer, as property \"p\" is INT",
      "INT    |     |     | 9223372036854775808 | must be a 64-bit integer, as property \"p\" is INT",
      "INT    | -5  | 5   | 6            | must be less than or equal to 5, the maximum of property \"p\"",
      "INT    | -5  | 5   | -6           | must be greater than or equal to -5, the minimum of property \"p\"",
      "FLOAT  |     |     | NaN          | must be a number, as property \"p\" is FLOAT",
      "FLOAT  |     |     | Infinity     | must be a number, as property \"p\" is FLOAT",
      "FLOAT  |     |     | 1,5          | must be a number, as property \"p\" is FLOAT",
      "FLOAT  |     |     | 3.5e38       | must be within the range of a 32-bit float, as property \"p\" is FLOAT",
      "DOUBLE |     |     | 1e309        | must be within the range of a 64-bit float, as property \"p\" is DOUBLE",
      "DOUBLE | 0.5 | 2.5 | 2.5000000000000001 | must be less than or equal to 2.5, the maximum of property \"p\"",
      "BOOLEAN|     |     | True         | must be true or false, as property \"p\" is BOOLEAN",
      "BOOLEAN|     |     | 1            | must be true or false, as property \"p\" is BOOLEAN"})
  void otherValuesAreRefusedSayingWhy(String type, String min, String max, String value, String why) {
    assertEquals("Invalid value: " + GoText.quote(value) + ": " + why, problem(type.strip(), min, max, value));
  }

  @Test
  void anEmptyValueIsNoValueAndFitsAnyProperty() {
    assertEquals("ok", problem("INT", "1", "2", ""));
    assertEquals("ok", problem("INT", "1", "2", null));
    assertEquals(List.of(), DesiredValues.check(FIELD, "", new ModelProperty("p", null, "INT", "ReadOnly", null, null, null, null), "m"));
  }

  @Test
  void aPropertyOfAnUnknownTypeChecksOnlyTheLength() {
    assertEquals("ok", problem("LONG", null, null, "anything"));
    assertEquals("Too long: may not be more than 512 bytes", problem("LONG", null, null, "x".repeat(513)));
  }
}
