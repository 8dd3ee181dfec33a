package io.vertedge.devices.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks shared by the kinds' rules, on raw values (a value of the wrong JSON type is the schema's to report). */
final class Rules {

  private Rules() { }

  /** A required, unique name; {@code seen} collects the names so far. */
  static void uniqueName(Object raw, FieldPath path, Set<String> seen, List<FieldError> errors) {
    if (raw == null || "".equals(raw)) {
      errors.add(FieldError.required(path, ""));
    } else if (raw instanceof String name && !seen.add(name)) {
      errors.add(FieldError.duplicate(path, name));
    }
  }

  /** A required value out of {@code supported}; the value when it is one. */
  static Optional<String> oneOf(Object raw, FieldPath path, List<String> supported, List<FieldError> errors) {
    if (raw == null || "".equals(raw)) {
      errors.add(FieldError.required(path, ""));
      return Optional.empty();
    }
    if (raw instanceof String value) {
      if (supported.contains(value)) {
        return Optional.of(value);
      }
      errors.add(FieldError.notSupported(path, value, supported));
    }
    return Optional.empty();
  }

  /** A cycle in milliseconds: not negative; read as nanoseconds from 10^9 on, with a warning. */
  static void cycle(Object raw, FieldPath path, List<FieldError> errors, List<String> warnings) {
    if (raw instanceof Long cycle) {
      if (cycle < 0) {
        errors.add(FieldError.invalid(path, cycle, "must be greater than or equal to 0"));
      } else if (Cycles.readAsNanoseconds(cycle)) {
        warnings.add(Cycles.nanosecondsWarning(path, cycle));
      }
    }
  }

  /** A reported or desired value in a twin: at most {@link DesiredValues#MAX_BYTES}. */
  static void valueLength(Object raw, FieldPath path, List<FieldError> errors) {
    if (raw instanceof String value
        && value.getBytes(StandardCharsets.UTF_8).length > DesiredValues.MAX_BYTES) {
      errors.add(FieldError.tooLong(path, DesiredValues.MAX_BYTES));
    }
  }
}
